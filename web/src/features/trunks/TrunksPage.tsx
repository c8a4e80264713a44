/**
 * Trunks: the card's E1 spans with their D-channel state and calls in progress; a name for each
 * and whether outbound calls may use it (applied to calls placed from then on). The spans
 * themselves come from the card configuration.
 */
import { useState } from 'react';
import { App, Button, Input, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import type { paths } from '../../api/schema.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../../lib/session.js';
import { RenameTrunkModal } from './RenameTrunkModal.js';
import { STATUS_COLOURS } from '../../lib/theme.js';

type Trunk = ResponseOf<'/api/v1/trunks', 'get'>['items'][number];
type Query = NonNullable<paths['/api/v1/trunks']['get']['parameters']['query']>;

export default function TrunksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ sort: NonNullable<Query['sort']>; order: 'asc' | 'desc' } | undefined>(undefined);
  const [renaming, setRenaming] = useState<Trunk | null>(null);
  // Trunks serve every tenant: no tenant scope in the query.
  const list = usePagedList('trunks', { ...(search ? { q: search } : {}), ...(sort ?? {}) }, async ({ tenantId: _scope, ...q }) => unwrap(await api.GET('/api/v1/trunks', { params: { query: q } })));
  const writable = can('trunks:write');
  const reload = () => queryClient.invalidateQueries({ queryKey: ['trunks'] });

  const setOutbound = async (trunk: Trunk, outbound: boolean) => {
    try {
      unwrap(await api.PATCH('/api/v1/trunks/{span}', { params: { path: { span: trunk.span } }, body: { outbound } }));
      void message.success(t('common.saved'));
      await reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <PageLayout title={t('trunks.title')} extra={<Input.Search aria-label={t('common.search')} placeholder={t('common.search')} allowClear onSearch={(v) => setSearch(v.trim())} style={{ width: 200 }} />}>
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<Trunk>
          rowKey="span"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          onChange={(_p, _f, sorter) => {
            // The server sorts: only the column and direction go up.
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            setSort(one?.order ? { sort: String(one.columnKey) as NonNullable<Query['sort']>, order: one.order === 'descend' ? 'desc' : 'asc' } : undefined);
          }}
          columns={[
            { title: t('trunks.span'), dataIndex: 'span', key: 'span', sorter: true },
            { title: t('trunks.name'), dataIndex: 'name', key: 'name', sorter: true },
            {
              title: t('trunks.dChannel'),
              dataIndex: 'up',
              render: (up: boolean | null) => (up === null ? <Tag>{t('trunks.unknown')}</Tag> : <Tag color={up ? STATUS_COLOURS.ok : STATUS_COLOURS.bad}>{t(up ? 'trunks.up' : 'trunks.down')}</Tag>),
            },
            { title: t('trunks.activeCalls'), dataIndex: 'activeCalls', render: (n: number | null) => n ?? '—' },
            {
              title: t('trunks.outbound'),
              key: 'outbound',
              render: (_: unknown, trunk: Trunk) => <Switch aria-label={t('trunks.outboundFor', { name: trunk.name })} checked={trunk.outbound} disabled={!writable} onChange={(v) => void setOutbound(trunk, v)} />,
            },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, trunk: Trunk) => (
                      <Button type="link" onClick={() => setRenaming(trunk)}>
                        {t('trunks.rename')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </QueryState>
      {/* A fresh form for each span: the form takes its initial values when it mounts. */}
      {renaming !== null ? (
        <RenameTrunkModal
          key={renaming.span}
          name={renaming.name}
          onClosed={() => setRenaming(null)}
          onSave={async (name) => {
            unwrap(await api.PATCH('/api/v1/trunks/{span}', { params: { path: { span: renaming.span } }, body: { name } }));
            await reload();
          }}
        />
      ) : null}
    </PageLayout>
  );
}
