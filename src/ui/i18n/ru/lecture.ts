/** The lecture area's words in Russian. */
import type { Catalog } from '../catalog';
import type { lecture as en } from '../en/lecture';

export const lecture: Catalog<typeof en> = {
  placeholder: 'lecture',
};
