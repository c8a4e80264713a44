/** The audit log: filter by who, what and when on the server; each entry's before/after as a diff. */
import { useState } from 'react';
import { DatePicker, Input, Space, Tag, Typography } from 'antd';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { AuditDiff } from './AuditDiff.js';

type Entry = ResponseOf<'/api/v1/audit-log', 'get'>['items'][number];

export default function AuditPage() {
  const { t } = useTranslation();
  const [actorId, setActorId] = useState<string>('');
  const [action, setAction] = useState<string>('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const filters = {
    ...(actorId ? { actorId } : {}),
    ...(action ? { action } : {}),
    ...(range?.[0] ? { from: range[0].startOf('day').toISOString() } : {}),
    ...(range?.[1] ? { to: range[1].endOf('day').toISOString() } : {}),
  };
  const list = usePagedList('audit-log', filters, async (q) => unwrap(await api.GET('/api/v1/audit-log', { params: { query: q } })));

  return (
    <PageLayout
      title={t('audit.title')}
      extra={
        <Space wrap>
          <Input.Search aria-label={t('audit.actorId')} placeholder={t('audit.actorId')} allowClear onSearch={setActorId} style={{ width: 220 }} />
          <Input.Search aria-label={t('audit.action')} placeholder={t('audit.actionHint')} allowClear onSearch={setAction} style={{ width: 200 }} />
          <DatePicker.RangePicker aria-label={t('audit.when')} value={range} onChange={(v) => setRange(v)} />
        </Space>
      }
    >
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<Entry>
          rowKey="id"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          expandable={{ expandedRowRender: (e) => <AuditDiff before={e.before} after={e.after} />, rowExpandable: (e) => e.before != null || e.after != null }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
            { title: t('audit.actor'), key: 'actor', render: (_, e) => `${e.actorName ?? '—'} (${t(`audit.actorKinds.${e.actorKind}`)})` },
            { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('audit.target'), key: 'target', render: (_, e) => [e.targetType, e.targetId].filter(Boolean).join(' ') || '—' },
            { title: t('audit.outcome'), dataIndex: 'outcome', render: (o: string) => <Tag color={o === 'ok' ? STATUS_COLOURS.ok : o === 'denied' ? STATUS_COLOURS.warn : STATUS_COLOURS.bad}>{t(`audit.outcomes.${o}`)}</Tag> },
            { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </QueryState>
    </PageLayout>
  );
}
