/**
 * Paging, sorting and searching a list that the server holds in memory (a catalog, or a few
 * hundred rows at most), with the same query parameters and page shape as database lists.
 */
import { z } from 'zod';
import type { PageResult } from '../store/paging.js';

/** `q` searches; `sort` names a field; `order` is asc (default) or desc. */
export function listQueryShape<const F extends readonly [string, ...string[]]>(sortFields: F) {
  return {
    q: z.string().trim().max(100).optional().describe('search text (case-insensitive, anywhere in the searched fields)'),
    sort: z.enum(sortFields).optional().describe(`sort field (default ${sortFields[0]})`),
    order: z.enum(['asc', 'desc']).default('asc'),
  };
}

export interface ListOptions<T> {
  limit: number;
  offset: number;
  q?: string | undefined;
  sort?: string | undefined;
  order: 'asc' | 'desc';
  /** The texts `q` is searched in. */
  searchIn: (item: T) => ReadonlyArray<string | null | undefined>;
  /** The value to sort by for a field name. */
  sortBy: (item: T, field: string) => string | number | null;
  defaultSort: string;
}

export function pageInMemory<T>(items: readonly T[], options: ListOptions<T>): PageResult<T> {
  const needle = options.q?.toLocaleLowerCase();
  const matching = needle ? items.filter((item) => options.searchIn(item).some((text) => text?.toLocaleLowerCase().includes(needle))) : [...items];
  const field = options.sort ?? options.defaultSort;
  const direction = options.order === 'desc' ? -1 : 1;
  matching.sort((a, b) => {
    const x = options.sortBy(a, field);
    const y = options.sortBy(b, field);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * direction;
  });
  const items_ = matching.slice(options.offset, options.offset + options.limit);
  const more = matching.length > options.offset + options.limit;
  return { items: items_, limit: options.limit, offset: options.offset, nextOffset: more ? options.offset + options.limit : null };
}
