/**
 * The one table pattern: the server pages the rows (limit/offset, nextOffset tells whether there
 * is more); the page number lives in the URL-independent state of the caller.
 */
import { Table, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';

export interface PageState {
  page: number;
  pageSize: number;
}

export function pageQuery({ page, pageSize }: PageState): { limit: number; offset: number } {
  return { limit: pageSize, offset: (page - 1) * pageSize };
}

export type ServerTableProps<T extends object> = Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'> & {
  rows: T[] | undefined;
  hasMore: boolean;
  loading: boolean;
  page: PageState;
  onPage(p: PageState): void;
};

export function ServerTable<T extends object>({ rows, hasMore, loading, page, onPage, ...rest }: ServerTableProps<T>) {
  const { t } = useTranslation();
  // Total is not known: show one page beyond this one while the server says there is more.
  const total = (page.page - 1) * page.pageSize + (rows?.length ?? 0) + (hasMore ? 1 : 0);
  return (
    <Table<T>
      size="middle"
      {...rest}
      dataSource={rows ?? []}
      loading={loading}
      locale={{ emptyText: t('common.empty'), ...rest.locale }}
      pagination={{
        current: page.page,
        pageSize: page.pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        onChange: (p, size) => onPage({ page: size !== page.pageSize ? 1 : p, pageSize: size }),
      }}
    />
  );
}
