// The shape of every block of the home page (工作台): how many there are in all, and the first few rows.

/** The most rows a block lists; its total says how many there are. */
export const HOME_ROWS = 5;

export type HomeList<T> = { total: number; items: T[] };
