/** The session area's words in Russian. */
import type { Catalog } from '../catalog';
import type { session as en } from '../en/session';

export const session: Catalog<typeof en> = {
  placeholder: 'session',
};
