/**
 * Operators: the server pages them; create, edit, disable/enable, unlock, reset a password.
 */
import { useState } from 'react';
import { App, Button, Form, Input, Select, Space, Tag } from 'antd';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf, Role } from '../../api/types.js';
import { useRoleOptions } from '../../lib/use-roles.js';
import type { paths } from '../../api/schema.js';
import { ListPage } from '../../components/ListPage.js';
import { signedSort, useServerList } from '../../lib/use-server-list.js';
import { useSession } from '../../lib/session.js';
import { FormModal } from '../../components/FormModal.js';
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
  const [editing, setEditing] = useState<Operator | 'new' | null>(null);
  const [resetting, setResetting] = useState<Operator | null>(null);
  const list = useServerList<Operator, { role?: Role }>('operators', role ? { role } : {}, async ({ sort, ...q }) => unwrap(await api.GET('/api/v1/operators', { params: { query: { ...q, ...signedSort<OperatorSort>(sort) } } })));
  const writable = can('operators:write');
  const reload = () => queryClient.invalidateQueries({ queryKey: ['operators'] });

  const save = async (values: OperatorValues) => {
    const agentId = values.agentId ? values.agentId : null;
    if (editing === 'new') {
      unwrap(await api.POST('/api/v1/operators', { body: { username: values.username, displayName: values.displayName, role: values.role, password: values.password ?? '', agentId, ...(tenantId ? { tenantId } : {}) } }));
    } else if (editing) {
      unwrap(await api.PATCH('/api/v1/operators/{id}', { params: { path: { id: editing.id } }, body: { displayName: values.displayName, role: values.role, agentId } }));
    }
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
    <ListPage<Operator>
      title={t('operators.title')}
      list={list}
      filters={<Select allowClear aria-label={t('operators.role')} placeholder={t('operators.allRoles')} style={{ width: 160 }} value={role} onChange={setRole} options={roles.options} />}
      createLabel={t('operators.create')}
      onCreate={writable ? () => setEditing('new') : undefined}
      table={{
        rowKey: 'id',
        columns: [
          { title: t('operators.username'), dataIndex: 'username', key: 'username', sorter: true },
          { title: t('operators.displayName'), dataIndex: 'displayName', key: 'displayName', sorter: true },
          { title: t('operators.role'), dataIndex: 'role', render: (r: Role) => roles.label(r) },
          { title: t('operators.agentId'), dataIndex: 'agentId', render: (v: string | null) => v ?? '—' },
          {
            title: t('operators.status'),
            key: 'status',
            render: (_: unknown, o: Operator) => (
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
        ],
      }}
    >
      {editing !== null ? (
        <OperatorForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing !== 'new' ? { username: editing.username, displayName: editing.displayName, role: editing.role, agentId: editing.agentId ?? '' } : null}
          onClosed={() => setEditing(null)}
          onSave={save}
        />
      ) : null}
      {resetting !== null ? (
        <FormModal<{ password: string }>
          key={resetting.id}
          title={t('operators.resetPassword')}
          initialValues={{}}
          onClosed={() => setResetting(null)}
          onSave={async ({ password }) => {
            unwrap(await api.PATCH('/api/v1/operators/{id}', { params: { path: { id: resetting.id } }, body: { password } }));
          }}
        >
          <Form.Item name="password" label={t('operators.newPassword')} rules={[{ required: true, message: t('common.required') }]} extra={t('operators.passwordHint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </FormModal>
      ) : null}
    </ListPage>
  );
}
