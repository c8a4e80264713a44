/**
 * A campaign's progress, live: a snapshot from the server first (so a page opened in the middle
 * of a campaign is right at once), then every `outbound.progress` event of this campaign
 * replaces it.
 */
import { useCallback } from 'react';
import { Card, Col, Progress, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { QueryState } from '../../components/PageLayout.js';
import { useSession } from '../../lib/session.js';
import { useLiveEvents, type LiveEvent } from '../../lib/use-live-events.js';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { campaignKey, type Campaign } from './campaign-model.js';

export type CampaignProgressFigures = ResponseOf<'/api/v1/outbound/campaigns/{id}/progress', 'get'>;

// Smaller than the kit's default figures: the panel and the tabs below fit one screen at 1366×768.
const FIGURE = { fontSize: 20 };

const COUNTS = ['total', 'remaining', 'dialled', 'answered', 'machines', 'faxes', 'noAnswer', 'busy', 'failed', 'abandoned', 'linesInUse'] as const;

export function progressKey(campaignId: string, tenantId: string | undefined) {
  return ['outbound-progress', campaignId, tenantId];
}

export function CampaignProgress({ campaignId, abandonCapPct }: { campaignId: string; abandonCapPct: number }) {
  const { t } = useTranslation();
  const { tenantId } = useSession();
  const queryClient = useQueryClient();
  const progress = useQuery({
    queryKey: progressKey(campaignId, tenantId),
    queryFn: async () => unwrap(await api.GET('/api/v1/outbound/campaigns/{id}/progress', { params: { path: { id: campaignId }, query: tenantId ? { tenantId } : {} } })),
  });

  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.type !== 'outbound.progress' || event['campaignId'] !== campaignId) return;
      const figures = event as unknown as CampaignProgressFigures;
      queryClient.setQueryData<CampaignProgressFigures>(progressKey(campaignId, tenantId), (before) => ({ ...(before ?? figures), ...figures }));
      // The state changes with the figures (a campaign that ran out of numbers, a pause elsewhere).
      queryClient.setQueryData<Campaign>(campaignKey(campaignId, tenantId), (c) => (c && c.state !== figures.state ? { ...c, state: figures.state } : c));
    },
    [campaignId, tenantId, queryClient],
  );
  useLiveEvents(onEvent);

  const p = progress.data;
  const done = p && p.total > 0 ? Math.round(((p.total - p.remaining) / p.total) * 100) : 0;
  const overCap = p ? p.abandonRatePct > abandonCapPct : false;
  return (
    <Card size="small" title={t('outbound.progress.title')} style={{ marginBottom: 12 }} data-testid="campaign-progress">
      <QueryState isPending={progress.isPending} error={progress.error} onRetry={() => void progress.refetch()}>
        {p ? (
          <>
            <Progress percent={done} aria-label={t('outbound.progress.done')} style={{ marginBottom: 8 }} />
            <Row gutter={[16, 4]}>
              {COUNTS.map((k) => (
                <Col key={k} xs={8} md={6} xl={3} data-testid={`progress-${k}`}>
                  <Statistic title={t(`outbound.progress.${k}`)} value={p[k]} styles={{ content: FIGURE }} />
                </Col>
              ))}
              <Col xs={8} md={6} xl={3} data-testid="progress-abandonRatePct">
                <Statistic
                  title={t('outbound.progress.abandonRatePct')}
                  value={p.abandonRatePct}
                  precision={1}
                  suffix={`% (${t('outbound.progress.cap', { cap: abandonCapPct })})`}
                  styles={{ content: overCap ? { ...FIGURE, color: STATUS_COLOURS.bad } : FIGURE, suffix: { fontSize: 13 } }}
                />
              </Col>
              <Col xs={8} md={6} xl={3} data-testid="progress-agentOccupancyPct">
                <Statistic title={t('outbound.progress.agentOccupancyPct')} value={p.agentOccupancyPct} precision={0} suffix="%" styles={{ content: FIGURE }} />
              </Col>
            </Row>
          </>
        ) : null}
      </QueryState>
    </Card>
  );
}
