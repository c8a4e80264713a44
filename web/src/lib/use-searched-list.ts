import { useState } from 'react';
import type { TableProps } from 'antd';
import { usePagedList } from './use-paged-list.js';

type Sorter<Row> = Parameters<NonNullable<TableProps<Row>['onChange']>>[2];

/** A column sorter of the table as the server's `sort` value: the column key, a leading - for descending. */
export function serverSort<Sort extends string, Row>(sorter: Sorter<Row>): Sort | undefined {
  const one = Array.isArray(sorter) ? sorter[0] : sorter;
  if (!one?.order || one.columnKey === undefined) return undefined;
  const key = String(one.columnKey);
  return (one.order === 'descend' ? `-${key}` : key) as Sort;
}

/**
 * A server-paged list with a search box and column sorting: a new search or order starts again
 * at page 1. Returns what `ServerTable` takes.
 */
export function useSearchedList<Row, Sort extends string>(
  key: string,
  fetchPage: (args: { limit: number; offset: number; tenantId?: string; search?: string; sort?: Sort }) => Promise<{ items: Row[]; nextOffset: number | null }>,
) {
  const [search, setSearchText] = useState('');
  const [sort, setSortKey] = useState<Sort | undefined>(undefined);
  const list = usePagedList(key, { ...(search ? { search } : {}), ...(sort ? { sort } : {}) }, fetchPage);
  const restart = () => list.setPage({ ...list.page, page: 1 });
  return {
    query: list.query,
    setSearch(text: string) {
      setSearchText(text.trim());
      restart();
    },
    table: {
      rows: list.rows,
      hasMore: list.hasMore,
      loading: list.query.isFetching,
      page: list.page,
      onPage: list.setPage,
      onChange: (_p: unknown, _f: unknown, sorter: Sorter<Row>) => {
        setSortKey(serverSort<Sort, Row>(sorter));
        restart();
      },
    },
  };
}
