/** API tokens: list (paged by the server), create (the secret shown once), revoke. */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Popconfirm, Select, Tag, Typography } from 'antd';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf, Role } from '../../api/types.js';
import { useRoleOptions } from '../../lib/use-roles.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../../lib/session.js';
import { FormModal } from '../../components/FormModal.js';

type Token = ResponseOf<'/api/v1/api-tokens', 'get'>['items'][number];
interface TokenValues {
  name: string;
  role: Role;
  expiresInDays?: number;
}

export default function TokensPage() {
  const { t } = useTranslation();
  const roles = useRoleOptions();
  const { message } = App.useApp();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const list = usePagedList('api-tokens', {}, async (q) => unwrap(await api.GET('/api/v1/api-tokens', { params: { query: q } })));
  const writable = can('tokens:write');
  const time = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

  const create = async (values: TokenValues) => {
    const created = unwrap(await api.POST('/api/v1/api-tokens', { body: { ...values, ...(tenantId ? { tenantId } : {}) } }));
    setSecret(created.token);
    await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
  };

  return (
    <PageLayout
      title={t('tokens.title')}
      extra={
        writable ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('tokens.create')}
          </Button>
        ) : null
      }
    >
      {secret ? (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setSecret(null) }}
          title={t('tokens.secretOnce')}
          description={<Typography.Text copyable code>{secret}</Typography.Text>}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<Token>
          rowKey="id"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          columns={[
            { title: t('tokens.name'), dataIndex: 'name' },
            { title: t('tokens.prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
            { title: t('operators.role'), dataIndex: 'role', render: (r: Role) => roles.label(r) },
            { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: time },
            { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: time },
            { title: t('operators.status'), dataIndex: 'revokedAt', render: (v: string | null) => (v ? <Tag>{t('tokens.revoked')}</Tag> : <Tag color={STATUS_COLOURS.ok}>{t('operators.active')}</Tag>) },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, row: Token) =>
                      row.revokedAt ? null : (
                        <Popconfirm
                          title={t('tokens.revokeConfirm')}
                          okText={t('common.ok')}
                          cancelText={t('common.cancel')}
                          onConfirm={async () => {
                            try {
                              unwrap(await api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id: row.id } } }));
                              await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
                            } catch (err) {
                              void message.error(err instanceof Error ? err.message : String(err));
                            }
                          }}
                        >
                          <Button type="link" danger>
                            {t('tokens.revoke')}
                          </Button>
                        </Popconfirm>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </QueryState>
      {creating ? (
        <FormModal<TokenValues> title={t('tokens.create')} initialValues={{ role: 'auditor' }} onClosed={() => setCreating(false)} onSave={create}>
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, message: t('common.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('operators.role')}>
            <Select loading={roles.loading} options={roles.options} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')}>
            <InputNumber min={1} max={3650} style={{ width: '100%' }} />
          </Form.Item>
        </FormModal>
      ) : null}
    </PageLayout>
  );
}
