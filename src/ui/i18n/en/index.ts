/**
 * The interface's words in English, by key, one module per area of the page
 * (the header's `common`, the lab's form, the charts, the toy, the session's
 * messages, the lecture). `../ru/` has the same keys: the type `Catalog` and
 * a unit test hold it to that. `{{name}}` marks a value filled in by i18next.
 */
import { charts } from './charts';
import { common } from './common';
import { lab } from './lab';
import { lecture } from './lecture';
import { session } from './session';
import { toy } from './toy';

export const en = { ...common, lab, charts, toy, session, lecture } as const;
