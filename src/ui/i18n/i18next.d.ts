// The catalogs' keys as types: `t('backend.used')` is checked, a missing key is a type error.
import 'i18next';
import type { en } from './en/index';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
