/**
 * Every list screen: the heading with its toolbar (the server-side search box, the page's own
 * filters, the create button for those who may write, other actions), then the server-paged and
 * sorted table with its loading, empty and error states, then the page's dialogs.
 */
import type { ReactNode } from 'react';
import { Button, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageLayout, QueryState } from './PageLayout.js';
import { ServerTable, type ServerTableProps } from './ServerTable.js';
import type { ServerList } from '../lib/use-server-list.js';

export function ListPage<Row extends object>({
  title,
  list,
  search,
  filters,
  createLabel,
  onCreate,
  actions,
  also,
  banner,
  table,
  children,
}: {
  title: string;
  list: ServerList<Row>;
  /** The search box's label (default "Search"); false when the server does not search this list. */
  search?: string | false;
  /** The page's own filters (drop-downs, switches), after the search box. */
  filters?: ReactNode;
  createLabel?: string;
  /** Absent when the operator may not create. */
  onCreate?: (() => void) | undefined;
  /** Other buttons of the toolbar, after the create button. */
  actions?: ReactNode;
  /** Other data the table needs before it shows (its loading and errors show as the list's). */
  also?: { isPending: boolean; error: unknown; refetch(): unknown };
  /** Shown above the table (a one-time secret, a notice). */
  banner?: ReactNode;
  table: Omit<ServerTableProps<Row>, keyof ServerList<Row>['table']>;
  /** The page's dialogs. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const searchLabel = search === false ? null : (search ?? t('common.search'));
  const retry = () => {
    void list.query.refetch();
    if (also?.error) void also.refetch();
  };
  return (
    <PageLayout
      title={title}
      extra={
        searchLabel || filters || onCreate || actions ? (
          <>
            {searchLabel ? <Input.Search aria-label={searchLabel} placeholder={searchLabel} allowClear onSearch={list.setSearch} style={{ width: 240 }} /> : null}
            {filters}
            {onCreate && createLabel ? (
              <Button type="primary" onClick={onCreate}>
                {createLabel}
              </Button>
            ) : null}
            {actions}
          </>
        ) : undefined
      }
    >
      {banner}
      <QueryState isPending={list.query.isPending || (also?.isPending ?? false)} error={list.query.error ?? also?.error} onRetry={retry}>
        <ServerTable<Row> {...table} {...list.table} />
      </QueryState>
      {children}
    </PageLayout>
  );
}
