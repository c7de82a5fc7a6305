/** The toy area's words in Russian. */
import type { Catalog } from '../catalog';
import type { toy as en } from '../en/toy';

export const toy: Catalog<typeof en> = {
  placeholder: 'toy',
};
