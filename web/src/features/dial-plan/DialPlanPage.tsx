/**
 * The dial plan: which number goes where (an IVR flow, a queue, the line test, fax reception,
 * or a rejection), for which tenant and in which language. Installation-wide; the server pages,
 * sorts, searches and filters by tenant.
 */
import { useState } from 'react';
import { App, Button, Popconfirm, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { BodyOf, ResponseOf } from '../../api/types.js';
import type { paths } from '../../api/schema.js';
import { ListPage } from '../../components/ListPage.js';
import { orderedSort, useServerList } from '../../lib/use-server-list.js';
import { useSession } from '../../lib/session.js';
import { DialPlanForm, type DialPlanValues } from './DialPlanForm.js';

type Entry = ResponseOf<'/api/v1/dial-plan/entries', 'get'>['items'][number];
type Query = NonNullable<paths['/api/v1/dial-plan/entries']['get']['parameters']['query']>;
type Target = BodyOf<'/api/v1/dial-plan/entries/{number}', 'put'>['target'];

function targetOf(v: DialPlanValues): Target {
  switch (v.kind) {
    case 'ivr':
      return { kind: 'ivr', flow: v.flow ?? '' };
    case 'queue':
      return { kind: 'queue', queue: v.queue ?? '' };
    case 'reject':
      return v.cause ? { kind: 'reject', cause: v.cause } : { kind: 'reject' };
    default:
      return { kind: v.kind };
  }
}

export default function DialPlanPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [tenant, setTenant] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<Entry | 'new' | null>(null);
  // The dial plan names every tenant's numbers: no tenant scope in the query, a tenant filter instead.
  const list = useServerList<Entry, { tenant?: string }>('dial-plan', tenant ? { tenant } : {}, async ({ tenantId: _scope, search, sort, ...q }) =>
    unwrap(await api.GET('/api/v1/dial-plan/entries', { params: { query: { ...q, q: search, ...orderedSort<NonNullable<Query['sort']>>(sort) } } })),
  );
  const tenants = useQuery({ queryKey: ['tenants', 'dial-plan'], queryFn: async () => unwrap(await api.GET('/api/v1/tenants', { params: { query: { limit: 500, offset: 0 } } })).items });
  const tenantOptions = (tenants.data ?? []).map((x) => ({ value: x.code, label: `${x.name} (${x.code})` }));
  const writable = can('dialplan:write');
  const reload = () => queryClient.invalidateQueries({ queryKey: ['dial-plan'] });

  const save = async (v: DialPlanValues) => {
    const number = editing === 'new' ? v.number.trim() : (editing?.number ?? '');
    unwrap(await api.PUT('/api/v1/dial-plan/entries/{number}', { params: { path: { number } }, body: { tenant: v.tenant, lang: v.lang, target: targetOf(v), ...(editing && editing !== 'new' ? { expectedVersion: editing.version } : {}) } }));
    await reload();
  };

  const remove = async (e: Entry) => {
    try {
      unwrap(await api.DELETE('/api/v1/dial-plan/entries/{number}', { params: { path: { number: e.number } } }));
      void message.success(t('common.saved'));
      await reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  const describe = (e: Entry) => {
    const target = e.target;
    if (target.kind === 'ivr') return `${t('dialPlan.kinds.ivr')}: ${target.flow}`;
    if (target.kind === 'queue') return `${t('dialPlan.kinds.queue')}: ${target.queue}`;
    if (target.kind === 'reject') return `${t('dialPlan.kinds.reject')} (${target.cause})`;
    return t(`dialPlan.kinds.${target.kind}`);
  };

  return (
    <ListPage<Entry>
      title={t('dialPlan.title')}
      list={list}
      filters={<Select allowClear aria-label={t('dialPlan.tenantFilter')} placeholder={t('dialPlan.allTenants')} style={{ width: 180 }} value={tenant} onChange={setTenant} options={tenantOptions} loading={tenants.isPending} />}
      createLabel={t('dialPlan.create')}
      onCreate={writable ? () => setEditing('new') : undefined}
      table={{
        rowKey: 'number',
        columns: [
          { title: t('dialPlan.number'), dataIndex: 'number', key: 'number', sorter: true },
          { title: t('dialPlan.tenant'), dataIndex: 'tenant', key: 'tenant', sorter: true },
          { title: t('dialPlan.target'), key: 'kind', sorter: true, render: (_: unknown, e: Entry) => <Tag>{describe(e)}</Tag> },
          { title: t('dialPlan.lang'), dataIndex: 'lang', render: (l: 'zh' | 'en') => t(`voicePrompts.langs.${l}`) },
          { title: t('dialPlan.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, e: Entry) => (
                    <Space size={0} wrap>
                      <Button type="link" onClick={() => setEditing(e)}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm title={t('common.deleteConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove(e)}>
                        <Button type="link" danger>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ],
      }}
    >
      {/* A fresh form for each entry: the form takes its initial values when it mounts. */}
      {editing !== null ? (
        <DialPlanForm
          key={editing === 'new' ? 'new' : editing.number}
          tenants={tenantOptions}
          initial={
            editing !== 'new'
              ? {
                  number: editing.number,
                  tenant: editing.tenant,
                  lang: editing.lang,
                  kind: editing.target.kind,
                  ...(editing.target.kind === 'ivr' ? { flow: editing.target.flow } : {}),
                  ...(editing.target.kind === 'queue' ? { queue: editing.target.queue } : {}),
                  ...(editing.target.kind === 'reject' ? { cause: editing.target.cause } : {}),
                }
              : null
          }
          onClosed={() => setEditing(null)}
          onSave={save}
        />
      ) : null}
    </ListPage>
  );
}
