/** Entry points: where a call enters the ACD, its routing rules and the queue it lands in by default. */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import { EditDeleteActions } from '../../components/EditDeleteActions.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { useSearchedList } from '../../lib/use-searched-list.js';
import type { paths } from '../../api/schema.js';
import { useSession } from '../../lib/session.js';
import { useTenantQuery } from '../../lib/use-tenant-query.js';
import { applyServerErrors } from '../../lib/server-errors.js';
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
  const { message } = App.useApp();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<EntryPoint | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm<EntryPointValues>();
  const list = useSearchedList<EntryPoint, EntryPointSort>('acd-entry-points', async (q) => unwrap(await api.GET('/api/v1/acd/entry-points', { params: { query: q } })));
  const queues = useTenantQuery('acd-queues', async (q) => unwrap(await api.GET('/api/v1/acd/queues', { params: { query: q } })));
  const writable = can('acd:write');
  const tenant = tenantId ? { tenantId } : {};
  const reload = () => queryClient.invalidateQueries({ queryKey: ['acd-entry-points'] });

  const queueOptions = (queues.data?.items ?? []).map((q) => ({ value: q.id, label: `${q.name} (${q.id})` }));

  const save = async (values: EntryPointValues) => {
    setProblem(null);
    const rules = (values.rules ?? []).map(valuesToRule);
    try {
      if (editing === 'new') unwrap(await api.POST('/api/v1/acd/entry-points', { params: { query: tenant }, body: { id: values.id, defaultQueueId: values.defaultQueueId, rules } }));
      else if (editing) unwrap(await api.PUT('/api/v1/acd/entry-points/{id}', { params: { path: { id: editing.id }, query: tenant }, body: { defaultQueueId: values.defaultQueueId, rules } }));
      setEditing(null);
      void message.success(t('common.saved'));
      await reload();
    } catch (err) {
      setProblem(applyServerErrors(form, err));
    }
  };

  return (
    <PageLayout
      title={t('entryPoints.title')}
      extra={
        <>
          <Input.Search aria-label={t('common.search')} placeholder={t('common.search')} allowClear onSearch={list.setSearch} style={{ width: 220 }} />
          {writable ? (
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('entryPoints.create')}
            </Button>
          ) : null}
        </>
      }
    >
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<EntryPoint>
          rowKey="id"
          {...list.table}
          columns={[
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
          ]}
        />
      </QueryState>
      <Modal open={editing !== null} width={960} title={t(editing === 'new' ? 'entryPoints.create' : 'common.edit')} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden onCancel={() => setEditing(null)} onOk={() => form.validateFields().then(save)}>
        {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" preserve={false} initialValues={editing && editing !== 'new' ? { id: editing.id, defaultQueueId: editing.defaultQueueId, rules: editing.rules.map(ruleToValues) } : { rules: [] }}>
          <Form.Item name="id" label={t('entryPoints.id')} rules={[{ required: true, message: t('common.required') }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="defaultQueueId" label={t('entryPoints.defaultQueue')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={queueOptions} />
          </Form.Item>
          <RoutingRulesEditor queueOptions={queueOptions} />
        </Form>
      </Modal>
    </PageLayout>
  );
}
