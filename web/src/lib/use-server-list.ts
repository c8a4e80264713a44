import { useState } from 'react';
import type { TableProps } from 'antd';
import { usePagedList } from './use-paged-list.js';

type Sorter<Row> = Parameters<NonNullable<TableProps<Row>['onChange']>>[2];

/** The column the operator sorted the table by, and which way. */
export interface ColumnSort {
  key: string;
  order: 'asc' | 'desc';
}

/** A table's sorter as a `ColumnSort` (none when the column's sort was cleared). */
export function columnSort<Row>(sorter: Sorter<Row>): ColumnSort | undefined {
  const one = Array.isArray(sorter) ? sorter[0] : sorter;
  if (!one?.order || one.columnKey === undefined) return undefined;
  return { key: String(one.columnKey), order: one.order === 'descend' ? 'desc' : 'asc' };
}

/** The order for servers that take one `sort` value: the column key, a leading - for descending. */
export function signedSort<Sort extends string>(sort: ColumnSort | undefined): { sort?: Sort } {
  return sort ? { sort: (sort.order === 'desc' ? `-${sort.key}` : sort.key) as Sort } : {};
}

/** The order for servers that take the column in `sort` and the direction in `order`. */
export function orderedSort<Sort extends string>(sort: ColumnSort | undefined): { sort?: Sort; order?: 'asc' | 'desc' } {
  return sort ? { sort: sort.key as Sort, order: sort.order } : {};
}

export interface ListRequest {
  limit: number;
  offset: number;
  tenantId?: string;
  search?: string;
  sort?: ColumnSort;
}

/**
 * A list the server pages, sorts and searches, with the page's own filters: what `ListPage`
 * shows. A new search, order or filter starts again at page 1 (see `usePagedList`).
 * `fetchPage` turns the request into the API's query (its names for the search and the order).
 */
export function useServerList<Row, Filters extends object = Record<never, never>>(
  key: string,
  filters: Filters,
  fetchPage: (request: Filters & ListRequest) => Promise<{ items: Row[]; nextOffset: number | null }>,
) {
  const [search, setSearchText] = useState('');
  const [sort, setSort] = useState<ColumnSort | undefined>(undefined);
  const list = usePagedList(key, { ...filters, ...(search ? { search } : {}), ...(sort ? { sort } : {}) }, fetchPage);
  return {
    query: list.query,
    search,
    setSearch: (text: string) => setSearchText(text.trim()),
    table: {
      rows: list.rows,
      hasMore: list.hasMore,
      loading: list.query.isFetching,
      page: list.page,
      onPage: list.setPage,
      onChange: (_p: unknown, _f: unknown, sorter: Sorter<Row>) => setSort(columnSort(sorter)),
    },
  };
}

export type ServerList<Row> = ReturnType<typeof useServerList<Row>>;
