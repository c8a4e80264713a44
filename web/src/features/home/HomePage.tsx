/**
 * The page a supervisor leaves open: today's calls, lines in use, agents by state, callers
 * waiting, core-system health and span alarms. A snapshot first (call records, the ACD's
 * real-time view, /readyz), then the event stream keeps it current.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { Card, Col, Empty, List, Row, Statistic, Tag, Typography } from 'antd';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { useSession } from '../../lib/session.js';
import { useLiveEvents, type LiveEvent } from '../../lib/use-live-events.js';
import { countLeg, fetchTodaysCalls, type CallCounts } from './todays-calls.js';

interface Readiness {
  status: string;
  checks: Record<string, { ok: boolean; reason?: string }>;
}
interface Alarm {
  key: string;
  span: number;
  state: string;
  detail: string | null;
  at: string;
}

const AGENT_STATES = ['available', 'talking', 'ringing', 'wrap_up', 'paused', 'busy', 'locked', 'signed_out'] as const;

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const canCalls = can('cdr:read');
  const canAcd = can('supervise');
  const [alarms, setAlarms] = useState<Alarm[]>([]);

  const calls = useQuery({ queryKey: ['home', 'calls', tenantId], queryFn: () => fetchTodaysCalls(tenantId), enabled: canCalls, staleTime: Infinity });
  const realtime = useQuery({
    queryKey: ['home', 'realtime', tenantId],
    queryFn: async () => unwrap(await api.GET('/api/v1/acd/realtime')),
    enabled: canAcd,
  });
  const health = useQuery({
    queryKey: ['home', 'readyz'],
    queryFn: async () => (await (await fetch('/readyz')).json()) as Readiness,
    refetchInterval: 30_000,
  });

  // Agent, queue and line changes arrive many at a time: refresh the ACD snapshot once per burst.
  const refreshTimer = useRef<number | null>(null);
  const refreshRealtime = useCallback(() => {
    if (refreshTimer.current !== null) return;
    refreshTimer.current = window.setTimeout(() => {
      refreshTimer.current = null;
      void queryClient.invalidateQueries({ queryKey: ['home', 'realtime'] });
    }, 500);
  }, [queryClient]);

  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.type === 'call.released' && canCalls) {
        queryClient.setQueryData<CallCounts>(['home', 'calls', tenantId], (c) =>
          c ? countLeg(c, { callId: String(event['callId']), agentId: (event['agentId'] as string | null) ?? null, disposition: event['disposition'], direction: 'inbound' }) : c,
        );
      }
      if (event.type === 'span.alarm' || event.type === 'span.state') {
        const alarm: Alarm = { key: `${String(event['span'])}`, span: Number(event['span']), state: String(event['state']), detail: (event['detail'] as string | null) ?? null, at: String(event['at']) };
        setAlarms((list) => {
          const others = list.filter((a) => a.key !== alarm.key);
          return alarm.state === 'up' || alarm.state === 'ok' ? others : [alarm, ...others];
        });
      }
      if (event.type.startsWith('call.') || event.type === 'agent.state' || event.type === 'queue.summary' || event.type === 'channel.state') refreshRealtime();
    },
    [canCalls, queryClient, tenantId, refreshRealtime],
  );
  useLiveEvents(onEvent);

  const agentsByState = useMemo(() => {
    const counts: Record<string, number> = {};
    for (const a of realtime.data?.agents ?? []) counts[a.state] = (counts[a.state] ?? 0) + 1;
    return counts;
  }, [realtime.data]);
  const trunkLines = (realtime.data?.lines ?? []).filter((l) => l.kind === 'trunk');
  const waiting = (realtime.data?.queues ?? []).reduce((n, q) => n + q.waiting, 0);

  return (
    <PageLayout title={t('home.title')}>
      <Row gutter={[16, 16]}>
        {canCalls ? (
          <Col xs={24} xl={12}>
            <Card title={t('home.todaysCalls')} size="small">
              <QueryState isPending={calls.isPending} error={calls.error} onRetry={() => void calls.refetch()}>
                <Row gutter={16}>
                  <Col span={6}><Statistic title={t('home.total')} value={calls.data?.total ?? 0} /></Col>
                  <Col span={6}><Statistic title={t('home.selfService')} value={calls.data?.selfService ?? 0} /></Col>
                  <Col span={6}><Statistic title={t('home.toAgent')} value={calls.data?.toAgent ?? 0} /></Col>
                  <Col span={6}><Statistic title={t('home.abandoned')} value={calls.data?.abandoned ?? 0} /></Col>
                </Row>
              </QueryState>
            </Card>
          </Col>
        ) : null}
        {canAcd ? (
          <>
            <Col xs={24} md={12} xl={6}>
              <Card title={t('home.lines')} size="small">
                <QueryState isPending={realtime.isPending} error={realtime.error}>
                  <Statistic title={t('home.linesInUse')} value={trunkLines.filter((l) => l.callId).length} suffix={`/ ${trunkLines.length}`} />
                </QueryState>
              </Card>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Card title={t('home.waiting')} size="small">
                <QueryState isPending={realtime.isPending} error={realtime.error}>
                  <Statistic title={t('home.callersWaiting')} value={waiting} />
                </QueryState>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('home.agents')} size="small">
                <QueryState isPending={realtime.isPending} error={realtime.error}>
                  {(realtime.data?.agents.length ?? 0) === 0 ? (
                    <Empty description={t('home.noAgents')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                  ) : (
                    <Row gutter={[8, 8]}>
                      {AGENT_STATES.map((s) => (
                        <Col span={6} key={s}>
                          <Statistic title={t(`agentStates.${s}`)} value={agentsByState[s] ?? 0} />
                        </Col>
                      ))}
                    </Row>
                  )}
                </QueryState>
              </Card>
            </Col>
          </>
        ) : null}
        <Col xs={24} xl={6}>
          <Card title={t('home.health')} size="small">
            <QueryState isPending={health.isPending} error={health.error}>
              <List
                size="small"
                dataSource={Object.entries(health.data?.checks ?? {})}
                renderItem={([name, check]) => (
                  <List.Item>
                    {/* A check another module adds may have no name in the catalogs yet: show its id. */}
                    <span>{i18n.exists(`home.checks.${name}`) ? t(`home.checks.${name}`) : name}</span>
                    <Tag color={check.ok ? STATUS_COLOURS.ok : STATUS_COLOURS.bad} title={check.reason}>{t(check.ok ? 'home.ok' : 'home.notOk')}</Tag>
                  </List.Item>
                )}
              />
            </QueryState>
          </Card>
        </Col>
        <Col xs={24} xl={6}>
          <Card title={t('home.alarms')} size="small">
            {alarms.length === 0 ? (
              <Typography.Text type="secondary">{t('home.noAlarms')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={alarms}
                renderItem={(a) => (
                  <List.Item>
                    <Tag color={STATUS_COLOURS.bad}>{t('home.span', { span: a.span })}</Tag> {a.state} {a.detail ?? ''} <Typography.Text type="secondary">{dayjs(a.at).format('HH:mm:ss')}</Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </PageLayout>
  );
}
