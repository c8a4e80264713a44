/** Tenants (platform administrators): list, create, rename, suspend/resume. */
import { useState } from 'react';
import { App, Button, Form, Input, Tag } from 'antd';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../../lib/session.js';
import { FormModal } from '../../components/FormModal.js';

type Tenant = ResponseOf<'/api/v1/tenants', 'get'>['items'][number];

export default function TenantsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Tenant | 'new' | null>(null);
  const list = usePagedList('tenants', {}, async ({ limit, offset }) => unwrap(await api.GET('/api/v1/tenants', { params: { query: { limit, offset } } })));
  const writable = can('tenants:write');
  const reload = () => queryClient.invalidateQueries({ queryKey: ['tenants'] });

  const save = async (values: { code: string; name: string }) => {
    if (editing === 'new') unwrap(await api.POST('/api/v1/tenants', { body: values }));
    else if (editing) unwrap(await api.PATCH('/api/v1/tenants/{id}', { params: { path: { id: editing.id } }, body: { name: values.name } }));
    await reload();
  };
  const toggle = async (row: Tenant) => {
    try {
      unwrap(await api.PATCH('/api/v1/tenants/{id}', { params: { path: { id: row.id } }, body: { status: row.status === 'active' ? 'disabled' : 'active' } }));
      await reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <PageLayout
      title={t('tenants.title')}
      extra={
        writable ? (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('tenants.create')}
          </Button>
        ) : null
      }
    >
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<Tenant>
          rowKey="id"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          columns={[
            { title: t('tenants.code'), dataIndex: 'code' },
            { title: t('tenants.name'), dataIndex: 'name' },
            { title: t('tenants.kind'), dataIndex: 'kind', render: (k: string) => t(`tenants.kinds.${k}`) },
            { title: t('operators.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? STATUS_COLOURS.ok : 'default'}>{t(`tenants.statuses.${s}`)}</Tag> },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, row: Tenant) =>
                      row.kind === 'platform' ? null : (
                        <>
                          <Button type="link" onClick={() => setEditing(row)}>
                            {t('common.edit')}
                          </Button>
                          <Button type="link" onClick={() => void toggle(row)}>
                            {t(row.status === 'active' ? 'tenants.suspend' : 'tenants.resume')}
                          </Button>
                        </>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </QueryState>
      {editing !== null ? (
        <FormModal<{ code: string; name: string }>
          key={editing === 'new' ? 'new' : editing.id}
          title={t(editing === 'new' ? 'tenants.create' : 'common.edit')}
          initialValues={editing !== 'new' ? { code: editing.code, name: editing.name } : {}}
          onClosed={() => setEditing(null)}
          onSave={save}
        >
          <Form.Item name="code" label={t('tenants.code')} rules={[{ required: true, message: t('common.required') }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="name" label={t('tenants.name')} rules={[{ required: true, message: t('common.required') }]}>
            <Input />
          </Form.Item>
        </FormModal>
      ) : null}
    </PageLayout>
  );
}
