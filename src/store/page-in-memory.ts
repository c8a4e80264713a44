import type { PageResult } from './paging.js';

/** How a list held whole may be searched and ordered. */
export interface InMemoryListSpec<T, S extends string> {
  /** The text a search looks in (matched case-insensitively, anywhere). */
  text(item: T): string;
  /** Sort keys and the value each orders by. */
  sorts: Record<S, (item: T) => string | number>;
  /** The order when none is asked for. */
  defaultSort: S;
  /** Breaks ties so a page boundary never moves between requests. */
  id(item: T): string;
}

export interface InMemoryListQuery<S extends string> {
  /** Without a limit the whole (searched, ordered) list is one page. */
  limit?: number | undefined;
  offset?: number | undefined;
  search?: string | undefined;
  /** A key of `sorts`, a leading - for descending. */
  sort?: S | `-${S}` | undefined;
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Searches, orders and pages a list the server loads whole (a tenant's configuration objects,
 * tens to hundreds of rows, whose fields partly live in JSON columns SQL cannot search alike on
 * SQLite and MariaDB).
 */
export function pageInMemory<T, S extends string>(items: readonly T[], query: InMemoryListQuery<S>, spec: InMemoryListSpec<T, S>): PageResult<T> {
  const needle = query.search?.trim().toLowerCase();
  const found = needle ? items.filter((item) => spec.text(item).toLowerCase().includes(needle)) : [...items];
  const sort = query.sort ?? spec.defaultSort;
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as S;
  const value = spec.sorts[key];
  found.sort((a, b) => {
    const byValue = compareValues(value(a), value(b));
    return (descending ? -byValue : byValue) || compareValues(spec.id(a), spec.id(b));
  });
  const offset = query.offset ?? 0;
  const limit = query.limit ?? Math.max(found.length - offset, 0);
  const end = offset + limit;
  return { items: found.slice(offset, end), limit, offset, nextOffset: end < found.length ? end : null };
}

/** The sort values a list accepts: every key, ascending and with a leading - for descending. */
export function sortValues<S extends string>(keys: readonly S[]): [S | `-${S}`, ...Array<S | `-${S}`>] {
  const all = keys.flatMap((k) => [k, `-${k}` as const]);
  return all as [S | `-${S}`, ...Array<S | `-${S}`>];
}
