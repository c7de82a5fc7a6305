/** The interface's words in Russian, in the lecture's vocabulary (../shared/LECTURE.md): the same keys as `../en/`. */
import type { Catalog } from '../catalog';
import type { en } from '../en';
import { charts } from './charts';
import { common } from './common';
import { lab } from './lab';
import { lecture } from './lecture';
import { session } from './session';
import { toy } from './toy';

export const ru: Catalog<typeof en> = { ...common, lab, charts, toy, session, lecture };
