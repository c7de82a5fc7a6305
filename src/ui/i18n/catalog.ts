/** A catalog: the English one's keys (`T`), each with a string of its own. */
export type Catalog<T> = { readonly [K in keyof T]: T[K] extends string ? string : Catalog<T[K]> };
