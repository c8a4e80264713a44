/** PIN locks: cards and accounts locked after wrong PINs by phone; unlock the selected ones. */
import { useState } from 'react';
import { App, Button, Segmented, Tag } from 'antd';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../../lib/session.js';

type PinLock = ResponseOf<'/api/v1/ivr/pin-locks', 'get'>['items'][number];

export default function PinLocksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [locked, setLocked] = useState<'true' | 'false'>('true');
  const [selected, setSelected] = useState<string[]>([]);
  const list = usePagedList('pin-locks', { locked }, async (q) => unwrap(await api.GET('/api/v1/ivr/pin-locks', { params: { query: q } })));
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
    <PageLayout
      title={t('pinLocks.title')}
      extra={
        <>
          <Segmented
            aria-label={t('pinLocks.filter')}
            value={locked}
            onChange={(v) => setLocked(v as 'true' | 'false')}
            options={[
              { value: 'true', label: t('pinLocks.locked') },
              { value: 'false', label: t('pinLocks.notLocked') },
            ]}
          />
          {writable ? (
            <Button type="primary" disabled={selected.length === 0} onClick={() => void unlock()}>
              {t('pinLocks.unlock')}
            </Button>
          ) : null}
        </>
      }
    >
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<PinLock>
          rowKey="id"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          rowSelection={writable ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
          columns={[
            { title: t('pinLocks.subject'), dataIndex: 'subjectMasked' },
            { title: t('pinLocks.kind'), dataIndex: 'subjectKind', render: (k: string) => t(`pinLocks.kinds.${k}`) },
            { title: t('pinLocks.failedCount'), dataIndex: 'failedCount' },
            { title: t('pinLocks.lockedAt'), dataIndex: 'lockedAt', render: time },
            { title: t('pinLocks.unlockedAt'), dataIndex: 'unlockedAt', render: time },
            { title: t('operators.status'), key: 'state', render: (_, p) => (p.lockedAt && !p.unlockedAt ? <Tag color={STATUS_COLOURS.bad}>{t('pinLocks.locked')}</Tag> : <Tag>{t('pinLocks.notLocked')}</Tag>) },
          ]}
        />
      </QueryState>
    </PageLayout>
  );
}
