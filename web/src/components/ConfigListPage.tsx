/**
 * A configuration list screen (queues, agents, entry points): the heading with a server-side
 * search box and the create button for those who may write, then the list with its loading and
 * error states.
 */
import type { ReactNode } from 'react';
import { Button, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageLayout, QueryState } from './PageLayout.js';

export function ConfigListPage({
  title,
  createLabel,
  onCreate,
  onSearch,
  query,
  children,
}: {
  title: string;
  createLabel: string;
  /** Absent when the operator may not create. */
  onCreate?: (() => void) | undefined;
  onSearch(text: string): void;
  query: { isPending: boolean; error: unknown; refetch(): unknown };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <PageLayout
      title={title}
      extra={
        <>
          <Input.Search aria-label={t('common.search')} placeholder={t('common.search')} allowClear onSearch={onSearch} style={{ width: 220 }} />
          {onCreate ? (
            <Button type="primary" onClick={onCreate}>
              {createLabel}
            </Button>
          ) : null}
        </>
      }
    >
      <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {children}
      </QueryState>
    </PageLayout>
  );
}
