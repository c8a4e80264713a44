/**
 * 外呼结果: every call the campaign placed, newest first, paged, sorted and filtered by outcome
 * on the server, with survey answers; and the whole result set as CSV or Excel (the server
 * writes the file; each export is audited there).
 */
import { useState } from 'react';
import { Button, Flex, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import type { paths } from '../../api/schema.js';
import { QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../../lib/session.js';

type Attempt = ResponseOf<'/api/v1/outbound/campaigns/{id}/attempts', 'get'>['items'][number];
type Query = NonNullable<paths['/api/v1/outbound/campaigns/{id}/attempts']['get']['parameters']['query']>;
type Outcome = Attempt['outcome'];
type Sort = NonNullable<Query['sort']>;

const OUTCOMES: readonly Outcome[] = ['answered', 'abandoned', 'machine', 'fax', 'busy', 'no_answer', 'congestion', 'failed', 'interrupted', 'in_flight', 'reserved', 'skipped'];

export function CampaignAttempts({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const { tenantId } = useSession();
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [sort, setSort] = useState<{ sort: Sort; order: 'asc' | 'desc' } | undefined>(undefined);
  const list = usePagedList('outbound-attempts', { campaignId, ...(outcome ? { outcome } : {}), ...(sort ?? {}) }, async ({ campaignId: id, ...query }) =>
    unwrap(await api.GET('/api/v1/outbound/campaigns/{id}/attempts', { params: { path: { id }, query } })),
  );
  const exportHref = (format: 'csv' | 'xlsx') => `/api/v1/outbound/campaigns/${encodeURIComponent(campaignId)}/results.${format}${tenantId ? `?tenantId=${encodeURIComponent(tenantId)}` : ''}`;
  const when = (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm:ss') : '—');

  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('outbound.attempts.outcome')}
          placeholder={t('outbound.attempts.allOutcomes')}
          style={{ width: 180 }}
          value={outcome}
          onChange={setOutcome}
          options={OUTCOMES.map((o) => ({ value: o, label: t(`outbound.outcomes.${o}`) }))}
        />
        <Space>
          <Button href={exportHref('csv')} download>
            {t('outbound.attempts.exportCsv')}
          </Button>
          <Button href={exportHref('xlsx')} download>
            {t('outbound.attempts.exportXlsx')}
          </Button>
        </Space>
      </Flex>
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<Attempt>
          rowKey="id"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          locale={{ emptyText: t('outbound.attempts.empty') }}
          onChange={(_p, _f, sorter) => {
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            setSort(one?.order ? { sort: String(one.columnKey) as Sort, order: one.order === 'descend' ? 'desc' : 'asc' } : undefined);
          }}
          columns={[
            { title: t('outbound.attempts.startedAt'), dataIndex: 'startedAt', key: 'startedAt', sorter: true, render: when },
            { title: t('outbound.numbers.phone'), dataIndex: 'phone', key: 'phone', sorter: true },
            { title: t('outbound.attempts.outcome'), dataIndex: 'outcome', key: 'outcome', sorter: true, render: (o: Outcome) => <Tag>{t(`outbound.outcomes.${o}`)}</Tag> },
            { title: t('outbound.attempts.durationS'), dataIndex: 'durationS', key: 'durationS', sorter: true, render: (s: number | null) => (s === null ? '—' : t('outbound.attempts.seconds', { n: s })) },
            { title: t('outbound.attempts.agent'), dataIndex: 'agentId', render: (a: string | null) => a ?? '—' },
            {
              title: t('outbound.attempts.survey'),
              dataIndex: 'surveyAnswers',
              render: (answers: Record<string, string> | null) =>
                answers && Object.keys(answers).length > 0 ? (
                  <Space size={[4, 4]} wrap>
                    {Object.entries(answers).map(([q, a]) => (
                      <Tag key={q}>
                        {q}: {a}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            { title: t('outbound.attempts.endedAt'), dataIndex: 'endedAt', render: when },
          ]}
        />
      </QueryState>
    </>
  );
}
