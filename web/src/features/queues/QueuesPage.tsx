/** Queues: list with search, create, edit the main settings, delete. */
import { useState } from 'react';
import { Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { EditDeleteActions } from '../../components/EditDeleteActions.js';
import { FormModal } from '../../components/FormModal.js';
import { ListPage } from '../../components/ListPage.js';
import { signedSort, useServerList } from '../../lib/use-server-list.js';
import type { paths } from '../../api/schema.js';
import { useSession } from '../../lib/session.js';

type Queue = ResponseOf<'/api/v1/acd/queues', 'get'>['items'][number];
type QueueSort = NonNullable<NonNullable<paths['/api/v1/acd/queues']['get']['parameters']['query']>['sort']>;
const STRATEGIES: Queue['strategy'][] = ['longest_idle', 'longest_average_idle', 'least_talk_time', 'least_average_talk_time', 'fewest_answered', 'ring_all', 'round_robin', 'random', 'skills_based'];

interface QueueValues {
  id: string;
  name: string;
  strategy: Queue['strategy'];
  ringTimeoutS: number;
  wrapUpS: number;
  maxWaitS: number;
}

export default function QueuesPage() {
  const { t } = useTranslation();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Queue | 'new' | null>(null);
  const list = useServerList<Queue>('acd-queues', {}, async ({ sort, ...q }) => unwrap(await api.GET('/api/v1/acd/queues', { params: { query: { ...q, ...signedSort<QueueSort>(sort) } } })));
  const writable = can('acd:write');
  const tenant = tenantId ? { tenantId } : {};
  const reload = () => queryClient.invalidateQueries({ queryKey: ['acd-queues'] });

  const save = async (values: QueueValues) => {
    if (editing === 'new') {
      unwrap(await api.POST('/api/v1/acd/queues', { params: { query: tenant }, body: values }));
    } else if (editing) {
      const { id: _id, live: _live, ...current } = editing as Queue & { live?: unknown };
      const { id: _formId, ...changes } = values;
      unwrap(await api.PUT('/api/v1/acd/queues/{id}', { params: { path: { id: editing.id }, query: tenant }, body: { ...current, ...changes } as never }));
    }
    await reload();
  };

  return (
    <ListPage<Queue>
      title={t('queues.title')}
      list={list}
      createLabel={t('queues.create')}
      onCreate={writable ? () => setEditing('new') : undefined}
      table={{
        rowKey: 'id',
        columns: [
          { title: t('queues.id'), dataIndex: 'id', key: 'id', sorter: true },
          { title: t('queues.name'), dataIndex: 'name', key: 'name', sorter: true },
          { title: t('queues.strategy'), dataIndex: 'strategy', key: 'strategy', sorter: true, render: (s: string) => t(`queues.strategies.${s}`) },
          { title: t('queues.ringTimeoutS'), dataIndex: 'ringTimeoutS' },
          { title: t('queues.wrapUpS'), dataIndex: 'wrapUpS' },
          { title: t('queues.maxWaitS'), dataIndex: 'maxWaitS' },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, q: Queue) => (
                    <EditDeleteActions
                      onEdit={() => setEditing(q)}
                      onDelete={async () => {
                        unwrap(await api.DELETE('/api/v1/acd/queues/{id}', { params: { path: { id: q.id }, query: tenant } }));
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
        <FormModal<QueueValues>
          key={editing === 'new' ? 'new' : editing.id}
          title={t(editing === 'new' ? 'queues.create' : 'common.edit')}
          initialValues={editing !== 'new' ? editing : { strategy: 'longest_idle', ringTimeoutS: 20, wrapUpS: 10, maxWaitS: 300 }}
          onClosed={() => setEditing(null)}
          onSave={save}
        >
          <Form.Item name="id" label={t('queues.id')} rules={[{ required: true, message: t('common.required') }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="name" label={t('queues.name')} rules={[{ required: true, message: t('common.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="strategy" label={t('queues.strategy')}>
            <Select options={STRATEGIES.map((s) => ({ value: s, label: t(`queues.strategies.${s}`) }))} />
          </Form.Item>
          <Form.Item name="ringTimeoutS" label={t('queues.ringTimeoutS')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="wrapUpS" label={t('queues.wrapUpS')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="maxWaitS" label={t('queues.maxWaitS')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        </FormModal>
      ) : null}
    </ListPage>
  );
}
