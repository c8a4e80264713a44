/**
 * 免打扰名单: the tenant's do-not-call list, paged and searched by the server; add a number
 * (the server's refusal — not a number, already listed — shows on the field) or take one off.
 */
import { useState } from 'react';
import { App, Button, Form, Input, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { ListPage } from '../../components/ListPage.js';
import { useServerList } from '../../lib/use-server-list.js';
import { FormModal } from '../../components/FormModal.js';
import { useOutboundWritable } from './use-outbound-writable.js';

type Entry = ResponseOf<'/api/v1/outbound/do-not-call', 'get'>['items'][number];
interface EntryValues {
  phone: string;
  note?: string;
}

export default function DoNotCallPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const writable = useOutboundWritable();
  const [adding, setAdding] = useState(false);
  const list = useServerList<Entry>('outbound-dnc', {}, async ({ search, sort: _unsorted, ...q }) => unwrap(await api.GET('/api/v1/outbound/do-not-call', { params: { query: { ...q, q: search } } })));
  const reload = () => queryClient.invalidateQueries({ queryKey: ['outbound-dnc'] });

  const add = async (values: EntryValues) => {
    const note = values.note?.trim();
    const entry = unwrap(await api.POST('/api/v1/outbound/do-not-call', { body: { phone: values.phone, ...(note ? { note } : {}) } }));
    await reload();
    return t('outbound.dnc.added', { phone: entry.phone });
  };

  const remove = async (e: Entry) => {
    try {
      unwrap(await api.DELETE('/api/v1/outbound/do-not-call/{id}', { params: { path: { id: e.id } } }));
      void message.success(t('outbound.dnc.removed', { phone: e.phone }));
      await reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <ListPage<Entry>
      title={t('outbound.dnc.title')}
      list={list}
      search={t('outbound.dnc.search')}
      createLabel={t('outbound.dnc.add')}
      onCreate={writable ? () => setAdding(true) : undefined}
      table={{
        rowKey: 'id',
        locale: { emptyText: t('outbound.dnc.empty') },
        columns: [
          { title: t('outbound.dnc.phone'), dataIndex: 'phone' },
          { title: t('outbound.dnc.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          { title: t('outbound.dnc.createdBy'), dataIndex: 'createdBy', render: (v: string | null) => v ?? '—' },
          { title: t('outbound.dnc.createdAt'), dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, e: Entry) => (
                    <Popconfirm title={t('outbound.dnc.removeConfirm', { phone: e.phone })} okText={t('outbound.dnc.remove')} cancelText={t('common.cancel')} onConfirm={() => remove(e)}>
                      <Button type="link" danger>
                        {t('outbound.dnc.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ],
      }}
    >
      {adding ? (
        // The number's own refusals name no field: they belong on the number.
        <FormModal<EntryValues> title={t('outbound.dnc.add')} initialValues={{}} fieldOfCode={{ outbound_bad_number: 'phone', outbound_dnc_exists: 'phone' }} onClosed={() => setAdding(false)} onSave={add}>
          <Form.Item name="phone" label={t('outbound.dnc.phone')} rules={[{ required: true, whitespace: true, message: t('common.required') }]} extra={t('outbound.dnc.phoneHint')}>
            <Input maxLength={40} inputMode="tel" autoComplete="off" />
          </Form.Item>
          <Form.Item name="note" label={t('outbound.dnc.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </FormModal>
      ) : null}
    </ListPage>
  );
}
