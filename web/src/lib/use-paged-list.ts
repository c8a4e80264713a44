import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageQuery, type PageState } from '../components/ServerTable.js';
import { useSession } from './session.js';

/**
 * A list the server pages: the query key carries the page, the filters and the tenant looked
 * into, so changing any of them asks the server again. A change of filters (a search, a sort,
 * a drop-down) or of tenant starts again at page 1: the page the operator was on may not exist
 * in the new list.
 */
export function usePagedList<Row, Filters extends object>(
  key: string,
  filters: Filters,
  fetchPage: (args: Filters & { limit: number; offset: number; tenantId?: string }) => Promise<{ items: Row[]; nextOffset: number | null }>,
) {
  const { tenantId } = useSession();
  // The page belongs to the filters it was chosen under; under other filters it is page 1.
  const scope = JSON.stringify([tenantId ?? null, filters]);
  const [chosen, setChosen] = useState<{ scope: string; page: PageState }>({ scope, page: { page: 1, pageSize: 20 } });
  const page: PageState = chosen.scope === scope ? chosen.page : { page: 1, pageSize: chosen.page.pageSize };
  const setPage = (p: PageState) => setChosen({ scope, page: p });
  const query = useQuery({
    queryKey: [key, tenantId, filters, page],
    queryFn: () => fetchPage({ ...filters, ...pageQuery(page), ...(tenantId ? { tenantId } : {}) }),
    placeholderData: keepPreviousData,
  });
  return { page, setPage, query, rows: query.data?.items, hasMore: query.data?.nextOffset != null };
}
