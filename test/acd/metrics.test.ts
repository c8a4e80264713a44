import test from 'ava';
import type { AgentState } from '../../src/acd/agent-state.js';
import { Calendar } from '../../src/calendar/work-calendar.js';
import { agentMetrics, queueMetrics, type AbandonTreatment, type MetricsOptions } from '../../src/acd/metrics.js';
import type { AgentServiceLogEntry, QueueCallRecord } from '../../src/acd/ports.js';
import { agent, fixture, queue } from './harness.js';

const calendar = new Calendar();
/** 2024-05-06, Shanghai local time → ms. */
const t0 = (hhmmss: string): number => Date.parse(`2024-05-06T${hhmmss}+08:00`);

function rec(n: number, enteredAt: string, outcome: QueueCallRecord['outcome'], waitS: number, extra: Partial<QueueCallRecord> = {}): QueueCallRecord {
  const entered = t0(enteredAt);
  return { callId: `c${n}`, queueId: 'q', priority: 0, enteredAt: entered, leftAt: entered + waitS * 1000, outcome, waitMs: waitS * 1000, ...extra };
}

function answered(n: number, enteredAt: string, waitS: number, agentId: string, talkS: number, wrapS: number, outcome: 'answered' | 'callback_answered' = 'answered'): QueueCallRecord {
  const base = rec(n, enteredAt, outcome, waitS);
  return { ...base, agentId, answeredAt: base.leftAt, talkMs: talkS * 1000, wrapMs: wrapS * 1000 };
}

// The scripted day (see the expected figures in each test).
const RECORDS: QueueCallRecord[] = [
  answered(1, '09:00:00', 10, 'a1', 100, 20),
  answered(2, '09:05:00', 30, 'a2', 200, 10),
  answered(3, '09:10:00', 20, 'a1', 60, 0), // exactly at the threshold: within
  rec(4, '09:12:00', 'abandoned', 3), // short abandon
  rec(5, '09:13:00', 'abandoned', 15), // abandoned within the threshold
  rec(6, '09:14:00', 'abandoned', 45),
  rec(7, '09:15:00', 'voicemail', 120),
  rec(8, '09:16:00', 'overflowed', 60),
  answered(9, '09:20:00', 300, 'a2', 50, 0, 'callback_answered'),
  answered(10, '09:40:00', 5, 'a1', 120, 0),
];

function state(agentId: string, at: string, from: AgentState, to: AgentState, action: AgentServiceLogEntry['action']): AgentServiceLogEntry {
  return { at: t0(at), agentId, from, to, action, actor: { kind: 'system' } };
}

const LOG: AgentServiceLogEntry[] = [
  state('a1', '09:00:00', 'signed_out', 'available', 'sign_in'),
  state('a1', '09:00:10', 'available', 'talking', 'answer'),
  state('a1', '09:01:50', 'talking', 'wrap_up', 'call_ended'),
  state('a1', '09:02:10', 'wrap_up', 'available', 'wrap_up_end'),
  state('a1', '09:10:20', 'available', 'talking', 'answer'),
  state('a1', '09:11:20', 'talking', 'available', 'call_ended'),
  state('a1', '09:20:00', 'available', 'paused', 'pause'),
  state('a1', '09:40:00', 'paused', 'available', 'resume'),
  state('a1', '09:40:05', 'available', 'talking', 'answer'),
  state('a1', '09:42:05', 'talking', 'available', 'call_ended'),
  state('a2', '09:05:00', 'signed_out', 'available', 'sign_in'),
  state('a2', '09:05:30', 'available', 'talking', 'answer'),
  state('a2', '09:08:50', 'talking', 'wrap_up', 'call_ended'),
  state('a2', '09:09:00', 'wrap_up', 'available', 'wrap_up_end'),
  state('a2', '09:12:00', 'available', 'ringing', 'offer'),
  state('a2', '09:12:15', 'ringing', 'locked', 'ring_timeout'),
  state('a2', '09:14:15', 'locked', 'available', 'unlock'),
  state('a2', '09:24:50', 'available', 'ringing', 'offer'),
  state('a2', '09:25:00', 'ringing', 'talking', 'answer'),
  state('a2', '09:25:50', 'talking', 'available', 'call_ended'),
  state('a2', '09:29:00', 'available', 'available', 'not_hung_up'),
  state('a2', '09:30:00', 'available', 'signed_out', 'sign_out'),
];

function options(treatment: AbandonTreatment, interval: number | 'whole' = 30): MetricsOptions {
  const intervalMinutes = interval === 'whole' ? undefined : interval;
  return { from: t0('09:00:00'), to: t0('10:00:00'), intervalMinutes, calendar, thresholdS: () => 20, shortAbandonS: 5, abandonTreatment: treatment };
}

const row = (rows: ReturnType<typeof queueMetrics>, queueId: string, start: string) =>
  rows.find((r) => r.queueId === queueId && r.intervalStart === t0(start));

test('queue counts, ASA, AHT and abandonment per 30-minute interval', (t) => {
  const rows = queueMetrics(RECORDS, LOG, () => ['q'], options('exclude'));
  t.like(row(rows, 'q', '09:00:00'), {
    intervalEnd: t0('09:30:00'),
    offered: 8,
    answered: 3,
    answeredWithinThreshold: 2,
    abandoned: 2,
    abandonedWithinThreshold: 1,
    shortAbandoned: 1,
    overflowed: 1,
    timedOut: 1,
    callbacks: 1,
    asaS: 20, // (10 + 30 + 20) / 3
    ahtS: 110, // (120 + 210 + 60 + 50) / 4, the callback included
    abandonRate: 0.25, // 2 / 8
  });
  t.like(row(rows, 'q', '09:30:00'), { offered: 1, answered: 1, serviceLevel: 1, asaS: 5, ahtS: 120, abandonRate: 0 });
  t.deepEqual(
    rows.filter((r) => r.queueId === '*').map((r) => r.offered),
    [8, 1],
  );
});

test('service level under each treatment of abandoned calls', (t) => {
  const sl = (treatment: AbandonTreatment) => row(queueMetrics(RECORDS, LOG, () => ['q'], options(treatment)), 'q', '09:00:00')?.serviceLevel;
  t.is(sl('exclude'), 2 / 4); // answeredWithin / (answered + timedOut)
  t.is(sl('missed'), 2 / 6); // ... + abandoned
  t.is(sl('met_within_threshold'), 3 / 6); // (answeredWithin + abandonedWithin) / (answered + timedOut + abandoned)
});

test('the short-abandon threshold is configurable', (t) => {
  const rows = queueMetrics(RECORDS, LOG, () => ['q'], { ...options('missed'), shortAbandonS: 20 });
  t.like(row(rows, 'q', '09:00:00'), { shortAbandoned: 2, abandoned: 1, offered: 7, serviceLevel: 2 / 5 });
});

test('queue occupancy is that of the agents staffing it', (t) => {
  const rows = queueMetrics(RECORDS, LOG, () => ['q'], options('exclude'));
  // a1: busy 180 s of 1200 s staffed; a2: busy 260 s of 1380 s (ringing counts as staffed, locked does not).
  t.is(row(rows, 'q', '09:00:00')?.occupancy, 440 / 2580);
  t.is(row(rows, 'q', '09:30:00')?.occupancy, 120 / 1200);
});

test('agent figures per interval: calls, talk, state times, occupancy, no-answers, not-hung-up, locks', (t) => {
  const rows = agentMetrics(RECORDS, LOG, options('exclude'));
  const a = (id: string, start: string) => rows.find((r) => r.agentId === id && r.intervalStart === t0(start));
  t.like(a('a1', '09:00:00'), {
    calls: 2,
    talkMs: 160_000,
    averageTalkS: 80,
    stateMs: { available: 1_020_000, talking: 160_000, wrap_up: 20_000, paused: 600_000, ringing: 0, locked: 0, signed_out: 0 },
    occupancy: 180 / 1200,
    longNoAnswer: 0,
    locks: 0,
  });
  t.like(a('a1', '09:30:00'), { calls: 1, averageTalkS: 120, stateMs: { paused: 600_000, available: 1_080_000, talking: 120_000 }, occupancy: 0.1 });
  t.like(a('a2', '09:00:00'), {
    calls: 2,
    talkMs: 250_000,
    averageTalkS: 125,
    stateMs: { available: 1_095_000, ringing: 25_000, talking: 250_000, wrap_up: 10_000, locked: 120_000, signed_out: 300_000 },
    occupancy: 260 / 1380,
    longNoAnswer: 1,
    notHungUp: 1,
    locks: 1,
  });
  t.like(a('a2', '09:30:00'), { calls: 0, averageTalkS: null, occupancy: null, stateMs: { signed_out: 1_800_000 } });
});

test('one bucket over the whole period (monthly report style)', (t) => {
  const rows = queueMetrics(RECORDS, LOG, () => ['q'], options('exclude', 'whole'));
  t.like(row(rows, 'q', '09:00:00'), { intervalEnd: t0('10:00:00'), offered: 9, answered: 4, answeredWithinThreshold: 3, asaS: 16.25 });
  const agents = agentMetrics(RECORDS, LOG, options('exclude', 'whole'));
  t.like(agents.find((r) => r.agentId === 'a1'), { calls: 3, talkMs: 280_000 });
});

test('intervals must divide a day and the range must not be empty', (t) => {
  t.throws(() => queueMetrics([], [], () => [], options('exclude', 7)), { code: 'acd_invalid_config' } as never);
  t.throws(() => queueMetrics([], [], () => [], { ...options('exclude'), to: t0('09:00:00') }), { code: 'acd_invalid_config' } as never);
});

test('records and log written by the queue service feed the metrics', (t) => {
  const f = fixture({ startAt: t0('09:00:00') });
  f.service.upsertQueue(queue('q', { wrapUpS: 10, serviceLevel: { thresholdS: 20 } }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'x1', queueId: 'q' }); // answered at once
  f.service.agentAnswered('x1', 'a1');
  f.service.callerEntered({ callId: 'x2', queueId: 'q' }); // waits 70 s (talk 60 + wrap 10)
  f.service.callerEntered({ callId: 'x3', queueId: 'q' });
  f.clock.advanceBy(8000);
  f.service.callerHungUp('x3'); // abandoned after 8 s: not short
  f.clock.advanceBy(52_000);
  f.service.agentHungUp('x1', 'a1');
  f.clock.advanceBy(10_000);
  f.service.agentAnswered('x2', 'a1');
  f.clock.advanceBy(30_000);
  f.service.callerHungUp('x2');
  f.clock.advanceBy(10_000);
  const opts = { ...options('missed'), thresholdS: (q: string) => f.service.queueConfig(q).serviceLevel.thresholdS };
  const rows = queueMetrics(f.records, f.agentLog, (id) => f.service.agent(id).memberships.map((m) => m.queueId), opts);
  t.like(row(rows, 'q', '09:00:00'), {
    offered: 3,
    answered: 2,
    answeredWithinThreshold: 1,
    abandoned: 1,
    serviceLevel: 1 / 3,
    asaS: 35, // (0 + 70) / 2
    ahtS: 55, // (60 + 10 + 30 + 10) / 2
  });
  t.deepEqual(
    f.waitLog.map((e) => [e.callId, e.outcome, e.reason]),
    [
      ['x3', 'abandoned', 'all_busy'],
      ['x2', 'answered', 'all_busy'],
    ],
  );
});
