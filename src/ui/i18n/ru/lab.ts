/** The lab area's words in Russian. */
import type { Catalog } from '../catalog';
import type { lab as en } from '../en/lab';

export const lab: Catalog<typeof en> = {
  placeholder: 'lab',
};
