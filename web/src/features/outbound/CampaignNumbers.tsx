/** 号码名单: a campaign's numbers in import order, paged and searched by the server, with each row's variables and attempts. */
import { useState } from 'react';
import { Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';

type CampaignNumber = ResponseOf<'/api/v1/outbound/campaigns/{id}/numbers', 'get'>['items'][number];

const when = (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm') : '—');

export function CampaignNumbers({ campaignId }: { campaignId: string }) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const list = usePagedList('outbound-numbers', { campaignId, ...(search ? { q: search } : {}) }, async ({ campaignId: id, ...query }) =>
    unwrap(await api.GET('/api/v1/outbound/campaigns/{id}/numbers', { params: { path: { id }, query } })),
  );
  // An outcome the dialler adds later may have no name in the catalogs yet: show its code.
  const outcome = (o: string | null) => (o === null ? '—' : i18n.exists(`outbound.outcomes.${o}`) ? t(`outbound.outcomes.${o}`) : o);
  return (
    <>
      <Input.Search aria-label={t('outbound.numbers.search')} placeholder={t('outbound.numbers.search')} allowClear onSearch={(v) => setSearch(v.trim())} style={{ width: 240, marginBottom: 12 }} />
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<CampaignNumber>
          rowKey="id"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          locale={{ emptyText: t('outbound.numbers.empty') }}
          columns={[
            { title: t('outbound.numbers.row'), dataIndex: 'sourceRow', width: 70 },
            { title: t('outbound.numbers.phone'), dataIndex: 'phone' },
            {
              title: t('outbound.numbers.variables'),
              dataIndex: 'variables',
              render: (vars: Record<string, string>) =>
                Object.keys(vars).length === 0 ? (
                  <Typography.Text type="secondary">—</Typography.Text>
                ) : (
                  <Space size={[4, 4]} wrap>
                    {Object.entries(vars).map(([k, v]) => (
                      <Tag key={k}>
                        {k}: {v}
                      </Tag>
                    ))}
                  </Space>
                ),
            },
            { title: t('outbound.numbers.attempts'), key: 'attempts', render: (_, n) => `${n.attempts} (${t('outbound.numbers.today', { n: n.attemptsToday })})` },
            { title: t('outbound.numbers.lastOutcome'), dataIndex: 'lastOutcome', render: outcome },
            { title: t('outbound.numbers.lastAttemptAt'), dataIndex: 'lastAttemptAt', render: when },
            { title: t('outbound.numbers.nextAttemptAt'), dataIndex: 'nextAttemptAt', render: when },
          ]}
        />
      </QueryState>
    </>
  );
}
