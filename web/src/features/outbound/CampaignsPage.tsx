/**
 * 外呼任务: the tenant's campaigns, paged, sorted and searched by the server, filtered by state;
 * each row's state moves (start, pause, resume, stop) and delete for a draft or stopped one;
 * a state changed elsewhere arrives on the event stream.
 */
import { useCallback, useState } from 'react';
import { App, Button, Input, Popconfirm, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useLiveEvents, type LiveEvent } from '../../lib/use-live-events.js';
import { CAMPAIGN_STATES, deletable, type Campaign, type CampaignState } from './campaign-model.js';
import { CampaignActions } from './CampaignActions.js';
import { CampaignStateTag } from './CampaignStateTag.js';
import { useOutboundWritable } from './use-outbound-writable.js';

type CampaignSort = NonNullable<NonNullable<paths['/api/v1/outbound/campaigns']['get']['parameters']['query']>['sort']>;

export default function CampaignsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const writable = useOutboundWritable();
  const [state, setState] = useState<CampaignState | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<CampaignSort | undefined>(undefined);
  const list = usePagedList('outbound-campaigns', { ...(state ? { state } : {}), ...(search ? { q: search } : {}), ...(sort ? { sort } : {}) }, async (q) =>
    unwrap(await api.GET('/api/v1/outbound/campaigns', { params: { query: q } })),
  );
  const reload = () => queryClient.invalidateQueries({ queryKey: ['outbound-campaigns'] });
  // A campaign that changes state elsewhere (another operator, or it ran out of numbers) shows it here.
  const rows = list.rows;
  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.type !== 'outbound.progress') return;
      const row = rows?.find((c) => c.id === event['campaignId']);
      if (row && row.state !== event['state']) void queryClient.invalidateQueries({ queryKey: ['outbound-campaigns'] });
    },
    [rows, queryClient],
  );
  useLiveEvents(onEvent);

  const remove = async (c: Campaign) => {
    try {
      unwrap(await api.DELETE('/api/v1/outbound/campaigns/{id}', { params: { path: { id: c.id } } }));
      void message.success(t('outbound.campaigns.deleted', { name: c.name }));
      await reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <PageLayout
      title={t('outbound.campaigns.title')}
      extra={
        <>
          <Input.Search aria-label={t('outbound.campaigns.search')} placeholder={t('outbound.campaigns.search')} allowClear onSearch={(v) => setSearch(v.trim())} style={{ width: 240 }} />
          <Select
            allowClear
            aria-label={t('outbound.campaigns.state')}
            placeholder={t('outbound.campaigns.allStates')}
            style={{ width: 140 }}
            value={state}
            onChange={setState}
            options={CAMPAIGN_STATES.map((s) => ({ value: s, label: t(`outbound.states.${s}`) }))}
          />
          {writable ? (
            <Button type="primary" onClick={() => void navigate('/outbound-campaigns/new')}>
              {t('outbound.campaigns.create')}
            </Button>
          ) : null}
        </>
      }
    >
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<Campaign>
          rowKey="id"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          onChange={(_p, _f, sorter) => {
            // The server sorts: only the column and direction go up.
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            const key = one?.order ? String(one.columnKey) : undefined;
            setSort(key ? ((one?.order === 'descend' ? `-${key}` : key) as CampaignSort) : undefined);
          }}
          columns={[
            { title: t('outbound.fields.name'), dataIndex: 'name', key: 'name', sorter: true, render: (name: string, c) => <Link to={`/outbound-campaigns/${c.id}`}>{name}</Link> },
            { title: t('outbound.fields.callingNumber'), dataIndex: 'callingNumber' },
            { title: t('outbound.campaigns.state'), dataIndex: 'state', key: 'state', sorter: true, render: (s: CampaignState) => <CampaignStateTag state={s} /> },
            { title: t('outbound.fields.maxLines'), dataIndex: 'maxLines' },
            { title: t('outbound.campaigns.createdAt'), dataIndex: 'createdAt', key: 'createdAt', sorter: true, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            { title: t('outbound.campaigns.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', sorter: true, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, c: Campaign) => (
                      <Space size={4} wrap>
                        <CampaignActions campaign={c} size="small" onChanged={reload} />
                        {deletable(c.state) ? (
                          <Popconfirm title={t('outbound.campaigns.deleteConfirm')} okText={t('common.delete')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => remove(c)}>
                            <Button size="small" type="link" danger>
                              {t('common.delete')}
                            </Button>
                          </Popconfirm>
                        ) : null}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </QueryState>
    </PageLayout>
  );
}
