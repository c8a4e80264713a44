/**
 * Roles: the five built-in roles (read-only, never deleted) and the tenant's custom roles, each
 * a permission matrix. The server pages, sorts and searches the list.
 */
import { useState } from 'react';
import { App, Button, Popconfirm, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import type { paths } from '../../api/schema.js';
import { ListPage } from '../../components/ListPage.js';
import { orderedSort, useServerList } from '../../lib/use-server-list.js';
import { useTenantQuery } from '../../lib/use-tenant-query.js';
import { useRoleLabel } from '../../lib/use-roles.js';
import { useSession } from '../../lib/session.js';
import { RoleForm, type RoleValues } from './RoleForm.js';

type Role = ResponseOf<'/api/v1/roles', 'get'>['items'][number];
type RoleSort = NonNullable<NonNullable<paths['/api/v1/roles']['get']['parameters']['query']>['sort']>;

export default function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [builtIn, setBuiltIn] = useState<'true' | 'false' | undefined>(undefined);
  const [open, setOpen] = useState<{ mode: 'create' | 'edit' | 'view'; role: Role | null } | null>(null);
  const list = useServerList<Role, { builtIn?: 'true' | 'false' }>('roles', builtIn ? { builtIn } : {}, async ({ search, sort, ...q }) => unwrap(await api.GET('/api/v1/roles', { params: { query: { ...q, q: search, ...orderedSort<RoleSort>(sort) } } })));
  const columns = useTenantQuery('role-permissions', async () => unwrap(await api.GET('/api/v1/role-permissions')).items);
  const label = useRoleLabel(new Map((list.table.rows ?? []).map((r) => [r.key, r.name])));
  const writable = can('roles:write');
  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: ['roles'] });
    await queryClient.invalidateQueries({ queryKey: ['roles-all'] });
  };
  const query = tenantId ? { tenantId } : {};

  const save = async (v: RoleValues) => {
    const body = { name: v.name, description: v.description ?? '', permissions: v.permissions ?? [], eventScope: v.eventScope, recordingScope: v.recordingScope };
    if (open?.mode === 'create') unwrap(await api.POST('/api/v1/roles', { params: { query }, body: { key: v.key, ...body } }));
    else if (open?.role) unwrap(await api.PATCH('/api/v1/roles/{key}', { params: { path: { key: open.role.key }, query }, body }));
    await reload();
  };

  const remove = async (r: Role) => {
    try {
      unwrap(await api.DELETE('/api/v1/roles/{key}', { params: { path: { key: r.key }, query } }));
      void message.success(t('common.saved'));
      await reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <ListPage<Role>
      title={t('roleMatrix.title')}
      list={list}
      filters={
        <Select
          allowClear
          aria-label={t('roleMatrix.kind')}
          placeholder={t('roleMatrix.allKinds')}
          style={{ width: 160 }}
          value={builtIn}
          onChange={setBuiltIn}
          options={[
            { value: 'true', label: t('roleMatrix.builtIn') },
            { value: 'false', label: t('roleMatrix.custom') },
          ]}
        />
      }
      createLabel={t('roleMatrix.create')}
      onCreate={writable ? () => setOpen({ mode: 'create', role: null }) : undefined}
      also={columns}
      table={{
        rowKey: 'key',
        columns: [
          { title: t('roleMatrix.key'), dataIndex: 'key', key: 'key', sorter: true },
          { title: t('roleMatrix.name'), dataIndex: 'name', key: 'name', sorter: true, render: (_: string, r: Role) => (r.builtIn ? label(r.key) : r.name) },
          { title: t('roleMatrix.kind'), key: 'kind', render: (_: unknown, r: Role) => (r.builtIn ? <Tag>{t('roleMatrix.builtIn')}</Tag> : <Tag color="blue">{t('roleMatrix.custom')}</Tag>) },
          { title: t('roleMatrix.permissionCount'), key: 'permissions', render: (_: unknown, r: Role) => r.permissions.length },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r: Role) => (
              <Space size={0} wrap>
                {r.builtIn || !writable ? (
                  <Button type="link" onClick={() => setOpen({ mode: 'view', role: r })}>
                    {t('roleMatrix.viewAction')}
                  </Button>
                ) : (
                  <>
                    <Button type="link" onClick={() => setOpen({ mode: 'edit', role: r })}>
                      {t('common.edit')}
                    </Button>
                    <Popconfirm title={t('common.deleteConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove(r)}>
                      <Button type="link" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ],
      }}
    >
      {/* A fresh form for each role: the form takes its initial values when it mounts. */}
      {open !== null ? (
        <RoleForm
          key={`${open.mode}:${open.role?.key ?? ''}`}
          mode={open.mode}
          columns={columns.data ?? []}
          initial={open.role ? { key: open.role.key, name: open.role.builtIn ? label(open.role.key) : open.role.name, description: open.role.description, permissions: open.role.permissions, eventScope: open.role.eventScope, recordingScope: open.role.recordingScope } : null}
          onClosed={() => setOpen(null)}
          onSave={save}
        />
      ) : null}
    </ListPage>
  );
}
