/** PIN locks: cards and accounts locked after wrong PINs by phone; unlock the selected ones. */
import { useState } from 'react';
import { App, Button, Segmented, Tag } from 'antd';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { ListPage } from '../../components/ListPage.js';
import { useServerList } from '../../lib/use-server-list.js';
import { useSession } from '../../lib/session.js';

type PinLock = ResponseOf<'/api/v1/ivr/pin-locks', 'get'>['items'][number];

export default function PinLocksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [locked, setLocked] = useState<'true' | 'false'>('true');
  const [selected, setSelected] = useState<string[]>([]);
  const list = useServerList<PinLock, { locked: 'true' | 'false' }>('pin-locks', { locked }, async ({ search: _unsearched, sort: _unsorted, ...q }) => unwrap(await api.GET('/api/v1/ivr/pin-locks', { params: { query: q } })));
  const writable = can('pinlock:write');
  const time = (v: unknown) => (typeof v === 'string' ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

  const unlock = async () => {
    try {
      unwrap(await api.POST('/api/v1/ivr/pin-locks/unlock', { params: { query: tenantId ? { tenantId } : {} } as never, body: { ids: selected } }));
      setSelected([]);
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['pin-locks'] });
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <ListPage<PinLock>
      title={t('pinLocks.title')}
      list={list}
      search={false}
      filters={
        <Segmented
          aria-label={t('pinLocks.filter')}
          value={locked}
          onChange={(v) => setLocked(v as 'true' | 'false')}
          options={[
            { value: 'true', label: t('pinLocks.locked') },
            { value: 'false', label: t('pinLocks.notLocked') },
          ]}
        />
      }
      actions={
        writable ? (
          <Button type="primary" disabled={selected.length === 0} onClick={() => void unlock()}>
            {t('pinLocks.unlock')}
          </Button>
        ) : null
      }
      table={{
        rowKey: 'id',
        rowSelection: writable ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined,
        columns: [
          { title: t('pinLocks.subject'), dataIndex: 'subjectMasked' },
          { title: t('pinLocks.kind'), dataIndex: 'subjectKind', render: (k: string) => t(`pinLocks.kinds.${k}`) },
          { title: t('pinLocks.failedCount'), dataIndex: 'failedCount' },
          { title: t('pinLocks.lockedAt'), dataIndex: 'lockedAt', render: time },
          { title: t('pinLocks.unlockedAt'), dataIndex: 'unlockedAt', render: time },
          { title: t('operators.status'), key: 'state', render: (_: unknown, p: PinLock) => (p.lockedAt && !p.unlockedAt ? <Tag color={STATUS_COLOURS.bad}>{t('pinLocks.locked')}</Tag> : <Tag>{t('pinLocks.notLocked')}</Tag>) },
        ],
      }}
    />
  );
}
