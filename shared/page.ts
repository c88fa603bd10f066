// One page of a keyset-paged list, as the server answers it and the mini-app reads it. `nextCursor` is
// what to pass as `cursor` for the next page, or null on the last page: the last id for plain lists
// (a number), a position string for lists merged from several tables (the student timeline).
export type Page<T, C extends number | string = number> = { items: T[]; nextCursor: C | null };
