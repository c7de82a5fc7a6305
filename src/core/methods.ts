/**
 * The methods the lecture compares, by the names its slides use. Every layer
 * (the trainer's runs, the worker's messages, the page, the 2D toy) names a
 * method with this one type.
 */

/** The three methods side by side, in the lecture's order: SGD, SWA (on top of SGD), SAM (wrapping SGD). */
export const METHODS = ['SGD', 'SWA', 'SAM'] as const;

/** One of the three compared methods. */
export type Method = (typeof METHODS)[number];

/** A run's name: one of the three methods, or SWA and SAM composed in one run. */
export type MethodName = Method | 'SWA+SAM';

/** Whether `x` names one of the three methods (for values read back from storage, a URL or a file). */
export function isMethod(x: unknown): x is Method {
  return (METHODS as readonly unknown[]).includes(x);
}
