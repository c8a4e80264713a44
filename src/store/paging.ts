import type { Knex } from 'knex';

export interface Page {
  limit: number;
  offset: number;
}

export interface PageResult<T> {
  items: T[];
  limit: number;
  offset: number;
  /** Offset of the next page, or null when this was the last. */
  nextOffset: number | null;
}

/** Runs `query` for one page (fetching one extra row to know whether another page follows). */
export async function paged<Row, T>(query: Knex.QueryBuilder, page: Page, map: (row: Row) => T): Promise<PageResult<T>> {
  const rows = (await query.limit(page.limit + 1).offset(page.offset)) as Row[];
  const more = rows.length > page.limit;
  return {
    items: rows.slice(0, page.limit).map(map),
    limit: page.limit,
    offset: page.offset,
    nextOffset: more ? page.offset + page.limit : null,
  };
}
