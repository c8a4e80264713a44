/**
 * Operators: the server pages them; create, edit, disable/enable, unlock, reset a password.
 */
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf, Role } from '../../api/types.js';
import { useRoleOptions } from '../../lib/use-roles.js';
import type { paths } from '../../api/schema.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../../lib/session.js';
import { applyServerErrors } from '../../lib/server-errors.js';
import { OperatorForm, type OperatorValues } from './OperatorForm.js';

type Operator = ResponseOf<'/api/v1/operators', 'get'>['items'][number];
type OperatorSort = NonNullable<NonNullable<paths['/api/v1/operators']['get']['parameters']['query']>['sort']>;

export default function OperatorsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const roles = useRoleOptions();
  const [role, setRole] = useState<Role | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<OperatorSort | undefined>(undefined);
  const [editing, setEditing] = useState<Operator | 'new' | null>(null);
  const [resetting, setResetting] = useState<Operator | null>(null);
  const [resetForm] = Form.useForm<{ password: string }>();
  const list = usePagedList('operators', { role, ...(search ? { search } : {}), ...(sort ? { sort } : {}) }, async (q) => unwrap(await api.GET('/api/v1/operators', { params: { query: q } })));
  const writable = can('operators:write');
  const reload = () => queryClient.invalidateQueries({ queryKey: ['operators'] });

  const save = async (values: OperatorValues) => {
    const agentId = values.agentId ? values.agentId : null;
    if (editing === 'new') {
      unwrap(await api.POST('/api/v1/operators', { body: { username: values.username, displayName: values.displayName, role: values.role, password: values.password ?? '', agentId, ...(tenantId ? { tenantId } : {}) } }));
    } else if (editing) {
      unwrap(await api.PATCH('/api/v1/operators/{id}', { params: { path: { id: editing.id } }, body: { displayName: values.displayName, role: values.role, agentId } }));
    }
    setEditing(null);
    void message.success(t('common.saved'));
    await reload();
  };

  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      void message.success(t('common.saved'));
      await reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <PageLayout
      title={t('operators.title')}
      extra={
        <>
          <Input.Search aria-label={t('common.search')} placeholder={t('common.search')} allowClear onSearch={(v) => setSearch(v.trim())} style={{ width: 200 }} />
          <Select allowClear aria-label={t('operators.role')} placeholder={t('operators.allRoles')} style={{ width: 160 }} value={role} onChange={setRole} options={roles.options} />
          {writable ? (
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('operators.create')}
            </Button>
          ) : null}
        </>
      }
    >
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<Operator>
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
            setSort(key ? ((one?.order === 'descend' ? `-${key}` : key) as OperatorSort) : undefined);
          }}
          columns={[
            { title: t('operators.username'), dataIndex: 'username', key: 'username', sorter: true },
            { title: t('operators.displayName'), dataIndex: 'displayName', key: 'displayName', sorter: true },
            { title: t('operators.role'), dataIndex: 'role', render: (r: Role) => roles.label(r) },
            { title: t('operators.agentId'), dataIndex: 'agentId', render: (v: string | null) => v ?? '—' },
            {
              title: t('operators.status'),
              key: 'status',
              render: (_, o) => (
                <Space size={4}>
                  {o.disabled ? <Tag color="default">{t('operators.disabled')}</Tag> : <Tag color={STATUS_COLOURS.ok}>{t('operators.active')}</Tag>}
                  {o.locked ? <Tag color={STATUS_COLOURS.bad}>{t('operators.locked')}</Tag> : null}
                </Space>
              ),
            },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, o: Operator) => (
                      <Space size={0} wrap>
                        <Button type="link" onClick={() => setEditing(o)}>
                          {t('common.edit')}
                        </Button>
                        <Button type="link" onClick={() => void act(async () => unwrap(await api.PATCH('/api/v1/operators/{id}', { params: { path: { id: o.id } }, body: { disabled: !o.disabled } })))}>
                          {t(o.disabled ? 'operators.enable' : 'operators.disable')}
                        </Button>
                        {o.locked ? (
                          <Button type="link" onClick={() => void act(async () => unwrap(await api.POST('/api/v1/operators/{id}/unlock', { params: { path: { id: o.id } } })))}>
                            {t('operators.unlock')}
                          </Button>
                        ) : null}
                        <Button type="link" onClick={() => setResetting(o)}>
                          {t('operators.resetPassword')}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </QueryState>
      <OperatorForm
        open={editing !== null}
        initial={editing && editing !== 'new' ? { username: editing.username, displayName: editing.displayName, role: editing.role, agentId: editing.agentId ?? '' } : null}
        onCancel={() => setEditing(null)}
        onSubmit={save}
      />
      <Modal
        open={resetting !== null}
        title={t('operators.resetPassword')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
        onCancel={() => setResetting(null)}
        onOk={() =>
          resetForm.validateFields().then(async ({ password }) => {
            try {
              unwrap(await api.PATCH('/api/v1/operators/{id}', { params: { path: { id: resetting!.id } }, body: { password } }));
              setResetting(null);
              void message.success(t('common.saved'));
            } catch (err) {
              const rest = applyServerErrors(resetForm, err);
              if (rest) resetForm.setFields([{ name: 'password', errors: [rest] }]);
            }
          })
        }
      >
        <Form form={resetForm} layout="vertical" preserve={false}>
          <Form.Item name="password" label={t('operators.newPassword')} rules={[{ required: true, message: t('common.required') }]} extra={t('operators.passwordHint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </PageLayout>
  );
}
