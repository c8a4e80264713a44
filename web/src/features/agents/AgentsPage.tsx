/** Agents (坐席): list with search; create and edit with phone, team, city, skills with levels and queues. */
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
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
import { useTenantQuery } from '../../lib/use-tenant-query.js';

type Agent = ResponseOf<'/api/v1/acd/agents', 'get'>['items'][number];
type AgentSort = NonNullable<NonNullable<paths['/api/v1/acd/agents']['get']['parameters']['query']>['sort']>;

interface AgentValues {
  id: string;
  name: string;
  extension: string;
  station: number;
  timeslot: number;
  team?: string;
  city?: string;
  skills?: Array<{ name: string; level: number }>;
  queueIds?: string[];
}

function toBody(v: AgentValues) {
  return {
    name: v.name,
    extension: v.extension,
    phone: { station: v.station, timeslot: v.timeslot },
    team: v.team ?? '',
    city: v.city ?? '',
    skills: Object.fromEntries((v.skills ?? []).filter((s) => s?.name).map((s) => [s.name, s.level])),
    queues: (v.queueIds ?? []).map((queueId) => ({ queueId })),
  };
}

export default function AgentsPage() {
  const { t } = useTranslation();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Agent | 'new' | null>(null);
  const list = useServerList<Agent>('acd-agents', {}, async ({ sort, ...q }) => unwrap(await api.GET('/api/v1/acd/agents', { params: { query: { ...q, ...signedSort<AgentSort>(sort) } } })));
  const queues = useTenantQuery('acd-queues', async (q) => unwrap(await api.GET('/api/v1/acd/queues', { params: { query: q } })));
  const writable = can('acd:write');
  const tenant = tenantId ? { tenantId } : {};
  const reload = () => queryClient.invalidateQueries({ queryKey: ['acd-agents'] });

  const save = async (values: AgentValues) => {
    if (editing === 'new') unwrap(await api.POST('/api/v1/acd/agents', { params: { query: tenant }, body: { id: values.id, ...toBody(values) } }));
    else if (editing) unwrap(await api.PUT('/api/v1/acd/agents/{id}', { params: { path: { id: editing.id }, query: tenant }, body: toBody(values) }));
    await reload();
  };

  const initial: Partial<AgentValues> =
    editing && editing !== 'new'
      ? {
          id: editing.id,
          name: editing.name,
          extension: editing.extension,
          station: editing.phone.station,
          timeslot: editing.phone.timeslot,
          team: editing.team,
          city: editing.city,
          skills: Object.entries(editing.skills ?? {}).map(([name, level]) => ({ name, level })),
          queueIds: (editing.queues ?? []).map((q) => q.queueId),
        }
      : { station: 0, timeslot: 1, skills: [] };

  return (
    <ListPage<Agent>
      title={t('agents.title')}
      list={list}
      createLabel={t('agents.create')}
      onCreate={writable ? () => setEditing('new') : undefined}
      table={{
        rowKey: 'id',
        columns: [
          { title: t('agents.id'), dataIndex: 'id', key: 'id', sorter: true },
          { title: t('agents.name'), dataIndex: 'name', key: 'name', sorter: true },
          { title: t('agents.extension'), dataIndex: 'extension', key: 'extension', sorter: true },
          { title: t('agents.phone'), key: 'phone', render: (_, a) => `${a.phone.station}/${a.phone.timeslot}` },
          { title: t('agents.team'), dataIndex: 'team', key: 'team', sorter: true },
          { title: t('agents.city'), dataIndex: 'city', key: 'city', sorter: true },
          {
            title: t('agents.skills'),
            key: 'skills',
            render: (_, a) => (
              <Space size={4} wrap>
                {Object.entries(a.skills ?? {}).map(([k, v]) => (
                  <Tag key={k}>{`${k}:${v}`}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('agents.queues'), key: 'queues', render: (_, a) => (a.queues ?? []).map((q) => q.queueId).join(', ') },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, a: Agent) => (
                    <EditDeleteActions
                      onEdit={() => setEditing(a)}
                      onDelete={async () => {
                        unwrap(await api.DELETE('/api/v1/acd/agents/{id}', { params: { path: { id: a.id }, query: tenant } }));
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
        <FormModal<AgentValues>
          key={editing === 'new' ? 'new' : editing.id}
          title={t(editing === 'new' ? 'agents.create' : 'common.edit')}
          width={640}
          initialValues={initial}
          onClosed={() => setEditing(null)}
          onSave={save}
        >
          <Space size="middle" wrap>
            <Form.Item name="id" label={t('agents.id')} rules={[{ required: true, message: t('common.required') }]}>
              <Input disabled={editing !== 'new'} />
            </Form.Item>
            <Form.Item name="name" label={t('agents.name')} rules={[{ required: true, message: t('common.required') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="extension" label={t('agents.extension')} rules={[{ required: true, message: t('common.required') }]}>
              <Input />
            </Form.Item>
          </Space>
          <Space size="middle" wrap>
            <Form.Item name="station" label={t('agents.station')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} max={15} />
            </Form.Item>
            <Form.Item name="timeslot" label={t('agents.timeslot')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={1} max={31} />
            </Form.Item>
            <Form.Item name="team" label={t('agents.team')}>
              <Input />
            </Form.Item>
            <Form.Item name="city" label={t('agents.city')}>
              <Input />
            </Form.Item>
          </Space>
          <Form.Item name="queueIds" label={t('agents.queues')}>
            <Select mode="multiple" loading={queues.isPending} options={(queues.data?.items ?? []).map((q) => ({ value: q.id, label: `${q.name} (${q.id})` }))} />
          </Form.Item>
          <Form.List name="skills">
            {(fields, { add, remove }) => (
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('agents.skills')}</legend>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: t('common.required') }]}>
                      <Input aria-label={t('agents.skillName')} placeholder={t('agents.skillName')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'level']} initialValue={5}>
                      <InputNumber aria-label={t('agents.skillLevel')} min={1} max={10} />
                    </Form.Item>
                    <Button type="link" onClick={() => remove(field.name)}>
                      {t('common.delete')}
                    </Button>
                  </Space>
                ))}
                <Button onClick={() => add({ level: 5 })}>{t('agents.addSkill')}</Button>
              </fieldset>
            )}
          </Form.List>
        </FormModal>
      ) : null}
    </ListPage>
  );
}
