/** Entry points: where a call enters the ACD, its routing rules and the queue it lands in by default. */
import { useState } from 'react';
import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import { EditDeleteActions } from '../../components/EditDeleteActions.js';
import { FormModal } from '../../components/FormModal.js';
import { ListPage } from '../../components/ListPage.js';
import { signedSort, useServerList } from '../../lib/use-server-list.js';
import type { paths } from '../../api/schema.js';
import { useSession } from '../../lib/session.js';
import { useTenantQuery } from '../../lib/use-tenant-query.js';
import { RoutingRulesEditor } from './RoutingRulesEditor.js';
import { ruleToValues, valuesToRule, type EntryPoint, type RuleValues } from './rule-values.js';

interface EntryPointValues {
  id: string;
  defaultQueueId: string;
  rules: RuleValues[];
}

type EntryPointSort = NonNullable<NonNullable<paths['/api/v1/acd/entry-points']['get']['parameters']['query']>['sort']>;

export default function EntryPointsPage() {
  const { t } = useTranslation();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<EntryPoint | 'new' | null>(null);
  const list = useServerList<EntryPoint>('acd-entry-points', {}, async ({ sort, ...q }) => unwrap(await api.GET('/api/v1/acd/entry-points', { params: { query: { ...q, ...signedSort<EntryPointSort>(sort) } } })));
  const queues = useTenantQuery('acd-queues', async (q) => unwrap(await api.GET('/api/v1/acd/queues', { params: { query: q } })));
  const writable = can('acd:write');
  const tenant = tenantId ? { tenantId } : {};
  const reload = () => queryClient.invalidateQueries({ queryKey: ['acd-entry-points'] });

  const queueOptions = (queues.data?.items ?? []).map((q) => ({ value: q.id, label: `${q.name} (${q.id})` }));

  const save = async (values: EntryPointValues) => {
    const rules = (values.rules ?? []).map(valuesToRule);
    if (editing === 'new') unwrap(await api.POST('/api/v1/acd/entry-points', { params: { query: tenant }, body: { id: values.id, defaultQueueId: values.defaultQueueId, rules } }));
    else if (editing) unwrap(await api.PUT('/api/v1/acd/entry-points/{id}', { params: { path: { id: editing.id }, query: tenant }, body: { defaultQueueId: values.defaultQueueId, rules } }));
    await reload();
  };

  return (
    <ListPage<EntryPoint>
      title={t('entryPoints.title')}
      list={list}
      createLabel={t('entryPoints.create')}
      onCreate={writable ? () => setEditing('new') : undefined}
      table={{
        rowKey: 'id',
        columns: [
          { title: t('entryPoints.id'), dataIndex: 'id', key: 'id', sorter: true },
          { title: t('entryPoints.defaultQueue'), dataIndex: 'defaultQueueId', key: 'defaultQueueId', sorter: true },
          { title: t('entryPoints.rules'), key: 'rules', render: (_, e) => e.rules.length },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, e: EntryPoint) => (
                    <EditDeleteActions
                      onEdit={() => setEditing(e)}
                      onDelete={async () => {
                        unwrap(await api.DELETE('/api/v1/acd/entry-points/{id}', { params: { path: { id: e.id }, query: tenant } }));
                        await reload();
                      }}
                    />
                  ),
                },
              ]
            : []),
        ],
      }}
    >
      {editing !== null ? (
        <FormModal<EntryPointValues>
          key={editing === 'new' ? 'new' : editing.id}
          title={t(editing === 'new' ? 'entryPoints.create' : 'common.edit')}
          width={960}
          initialValues={editing !== 'new' ? { id: editing.id, defaultQueueId: editing.defaultQueueId, rules: editing.rules.map(ruleToValues) } : { rules: [] }}
          onClosed={() => setEditing(null)}
          onSave={save}
        >
          <Form.Item name="id" label={t('entryPoints.id')} rules={[{ required: true, message: t('common.required') }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="defaultQueueId" label={t('entryPoints.defaultQueue')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={queueOptions} />
          </Form.Item>
          <RoutingRulesEditor queueOptions={queueOptions} />
        </FormModal>
      ) : null}
    </ListPage>
  );
}
