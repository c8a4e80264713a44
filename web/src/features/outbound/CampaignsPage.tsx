/**
 * 外呼任务: the tenant's campaigns, paged, sorted and searched by the server, filtered by state;
 * each row's state moves (start, pause, resume, stop) and delete for a draft or stopped one;
 * a state changed elsewhere arrives on the event stream.
 */
import { useCallback, useState } from 'react';
import { App, Button, Popconfirm, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { ListPage } from '../../components/ListPage.js';
import { signedSort, useServerList } from '../../lib/use-server-list.js';
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
  const list = useServerList<Campaign, { state?: CampaignState }>('outbound-campaigns', state ? { state } : {}, async ({ search, sort, ...q }) =>
    unwrap(await api.GET('/api/v1/outbound/campaigns', { params: { query: { ...q, q: search, ...signedSort<CampaignSort>(sort) } } })),
  );
  const reload = () => queryClient.invalidateQueries({ queryKey: ['outbound-campaigns'] });
  // A campaign that changes state elsewhere (another operator, or it ran out of numbers) shows it here.
  const rows = list.table.rows;
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
    <ListPage<Campaign>
      title={t('outbound.campaigns.title')}
      list={list}
      search={t('outbound.campaigns.search')}
      filters={
        <Select
          allowClear
          aria-label={t('outbound.campaigns.state')}
          placeholder={t('outbound.campaigns.allStates')}
          style={{ width: 140 }}
          value={state}
          onChange={setState}
          options={CAMPAIGN_STATES.map((s) => ({ value: s, label: t(`outbound.states.${s}`) }))}
        />
      }
      createLabel={t('outbound.campaigns.create')}
      onCreate={writable ? () => void navigate('/outbound-campaigns/new') : undefined}
      table={{
        rowKey: 'id',
        columns: [
          { title: t('outbound.fields.name'), dataIndex: 'name', key: 'name', sorter: true, render: (name: string, c: Campaign) => <Link to={`/outbound-campaigns/${c.id}`}>{name}</Link> },
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
        ],
      }}
    />
  );
}
