import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageQuery, type PageState } from '../components/ServerTable.js';
import { useSession } from './session.js';

/**
 * A list the server pages: the query key carries the page, the filters and the tenant looked
 * into, so changing any of them asks the server again.
 */
export function usePagedList<Row, Filters extends object>(
  key: string,
  filters: Filters,
  fetchPage: (args: Filters & { limit: number; offset: number; tenantId?: string }) => Promise<{ items: Row[]; nextOffset: number | null }>,
) {
  const { tenantId } = useSession();
  const [page, setPage] = useState<PageState>({ page: 1, pageSize: 20 });
  const query = useQuery({
    queryKey: [key, tenantId, filters, page],
    queryFn: () => fetchPage({ ...filters, ...pageQuery(page), ...(tenantId ? { tenantId } : {}) }),
    placeholderData: keepPreviousData,
  });
  return { page, setPage, query, rows: query.data?.items, hasMore: query.data?.nextOffset != null };
}
