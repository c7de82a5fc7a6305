/** The charts area's words in Russian. */
import type { Catalog } from '../catalog';
import type { charts as en } from '../en/charts';

export const charts: Catalog<typeof en> = {
  placeholder: 'charts',
};
