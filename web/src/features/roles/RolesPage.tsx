/**
 * Roles: the five built-in roles (read-only, never deleted) and the tenant's custom roles, each
 * a permission matrix. The server pages, sorts and searches the list.
 */
import { useState } from 'react';
import { App, Button, Input, Popconfirm, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import type { paths } from '../../api/schema.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
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
  const [search, setSearch] = useState('');
  const [builtIn, setBuiltIn] = useState<'true' | 'false' | undefined>(undefined);
  const [sort, setSort] = useState<{ sort: RoleSort; order: 'asc' | 'desc' } | undefined>(undefined);
  const [open, setOpen] = useState<{ mode: 'create' | 'edit' | 'view'; role: Role | null } | null>(null);
  const list = usePagedList('roles', { ...(builtIn ? { builtIn } : {}), ...(search ? { q: search } : {}), ...(sort ?? {}) }, async (q) => unwrap(await api.GET('/api/v1/roles', { params: { query: q } })));
  const columns = useTenantQuery('role-permissions', async () => unwrap(await api.GET('/api/v1/role-permissions')).items);
  const label = useRoleLabel(new Map((list.rows ?? []).map((r) => [r.key, r.name])));
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
    setOpen(null);
    void message.success(t('common.saved'));
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
    <PageLayout
      title={t('roleMatrix.title')}
      extra={
        <>
          <Input.Search aria-label={t('common.search')} placeholder={t('common.search')} allowClear onSearch={(v) => setSearch(v.trim())} style={{ width: 200 }} />
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
          {writable ? (
            <Button type="primary" onClick={() => setOpen({ mode: 'create', role: null })}>
              {t('roleMatrix.create')}
            </Button>
          ) : null}
        </>
      }
    >
      <QueryState isPending={list.query.isPending || columns.isPending} error={list.query.error ?? columns.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<Role>
          rowKey="key"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          onChange={(_p, _f, sorter) => {
            // The server sorts: only the column and direction go up.
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            setSort(one?.order ? { sort: String(one.columnKey) as RoleSort, order: one.order === 'descend' ? 'desc' : 'asc' } : undefined);
          }}
          columns={[
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
          ]}
        />
      </QueryState>
      {/* A fresh form for each role: the form takes its initial values when it mounts. */}
      <RoleForm
        key={open ? `${open.mode}:${open.role?.key ?? ''}` : 'closed'}
        open={open !== null}
        mode={open?.mode ?? 'create'}
        columns={columns.data ?? []}
        initial={open?.role ? { key: open.role.key, name: open.role.builtIn ? label(open.role.key) : open.role.name, description: open.role.description, permissions: open.role.permissions, eventScope: open.role.eventScope, recordingScope: open.role.recordingScope } : null}
        onCancel={() => setOpen(null)}
        onSubmit={save}
      />
    </PageLayout>
  );
}
