/**
 * Queue and agent metrics per interval, computed from the two raw streams the queue service
 * writes: queue-visit records (QueueCallRecord) and the agent service log. Pure functions: the
 * integrator loads the rows for a period from the store (or keeps recent ones in memory) and
 * asks for 15/30/60-minute intervals or one bucket for the whole period (a monthly report).
 *
 * Definitions (attribution: a visit belongs to the interval in which it entered the queue; an
 * agent's call to the interval in which it was answered; state time is split at boundaries):
 * - offered: visits, minus short abandons (caller hung up within shortAbandonS: misdials and
 *   changed minds, excluded from every figure but their own count).
 * - answered: visits answered by an agent; abandoned: caller hung up while waiting or ringing
 *   (not short); overflowed: moved on to another queue (counted there too, excluded here from
 *   service level); timedOut: max wait reached (voicemail or back to the IVR); callbacks:
 *   visits ended by a callback (answered, cancelled or failed after its last dial), excluded from service level and ASA
 *   because the caller was not holding.
 * - within threshold: wait ≤ the queue's service-level threshold.
 * - service level, by the configured treatment of abandoned calls:
 *     exclude               answeredWithin / (answered + timedOut)
 *     missed                answeredWithin / (answered + timedOut + abandoned)
 *     met_within_threshold  (answeredWithin + abandonedWithin) / (answered + timedOut + abandoned)
 *   timed-out calls always count as missed. null when the denominator is 0.
 * - ASA: mean wait of answered visits. AHT: mean talk + wrap-up of handled calls (answered and
 *   answered callbacks). Abandonment rate: abandoned / offered.
 * - Agent occupancy: (talking + wrap-up + busy) / (talking + wrap-up + busy + available + ringing);
 *   busy = calls the ACD did not route (consultations, desk calls), work all the same.
 *   Queue occupancy: the same over the time of every agent who is a member of the queue
 *   (an agent in several queues counts fully in each: it is the occupancy of the group that
 *   staffs the queue, not a share of the agent).
 */
import type { AgentState } from './agent-state.js';
import { intervalStart, type WorkCalendar } from '../calendar/work-calendar.js';
import { AcdError } from './errors.js';
import type { AgentServiceLogEntry, QueueCallRecord } from './ports.js';

export type AbandonTreatment = 'exclude' | 'missed' | 'met_within_threshold';

export interface MetricsOptions {
  from: number;
  to: number;
  /** Interval length (must divide a day), or undefined for one bucket over [from, to). */
  intervalMinutes?: number;
  calendar: WorkCalendar;
  /** Service-level threshold per queue, seconds. */
  thresholdS: (queueId: string) => number;
  /** Abandons with a wait below this are short abandons; default 5 s. */
  shortAbandonS?: number;
  abandonTreatment: AbandonTreatment;
}

export interface QueueIntervalMetrics {
  /** '*' for all queues together. */
  readonly queueId: string;
  readonly intervalStart: number;
  readonly intervalEnd: number;
  readonly offered: number;
  readonly answered: number;
  readonly answeredWithinThreshold: number;
  readonly abandoned: number;
  readonly abandonedWithinThreshold: number;
  readonly shortAbandoned: number;
  readonly overflowed: number;
  readonly timedOut: number;
  readonly callbacks: number;
  /** 0–1, or null without calls to judge. */
  readonly serviceLevel: number | null;
  readonly asaS: number | null;
  readonly ahtS: number | null;
  readonly abandonRate: number | null;
  readonly occupancy: number | null;
}

export type StateTimes = Record<AgentState, number>;

export interface AgentIntervalMetrics {
  readonly agentId: string;
  readonly intervalStart: number;
  readonly intervalEnd: number;
  /** Calls answered in the interval (queue calls and callbacks). */
  readonly calls: number;
  /** Talk time of those calls. */
  readonly talkMs: number;
  readonly averageTalkS: number | null;
  /** Time spent in each state within the interval. */
  readonly stateMs: Readonly<StateTimes>;
  readonly occupancy: number | null;
  /** Offers that rang past the ring timeout (久不应答). */
  readonly longNoAnswer: number;
  /** 未挂机 events. */
  readonly notHungUp: number;
  readonly locks: number;
}

interface Bucket {
  start: number;
  end: number;
}

function buckets(options: MetricsOptions): Bucket[] {
  const { from, to, intervalMinutes } = options;
  if (!(to > from)) throw new AcdError('acd_invalid_config', 'Metrics: `to` must be after `from`');
  if (intervalMinutes === undefined) return [{ start: from, end: to }];
  if (!Number.isInteger(intervalMinutes) || intervalMinutes <= 0 || 1440 % intervalMinutes !== 0) {
    throw new AcdError('acd_invalid_config', 'Metrics: intervalMinutes must divide a day (e.g. 15, 30, 60)');
  }
  const size = intervalMinutes * 60_000;
  const result: Bucket[] = [];
  for (let start = intervalStart(from, intervalMinutes, options.calendar); start < to; start += size) {
    result.push({ start: Math.max(start, from), end: Math.min(start + size, to) });
  }
  return result;
}

function bucketIndex(list: readonly Bucket[], at: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const b = list[mid] as Bucket;
    if (at < b.start) hi = mid - 1;
    else if (at >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function emptyStateTimes(): StateTimes {
  return { signed_out: 0, available: 0, paused: 0, ringing: 0, talking: 0, wrap_up: 0, locked: 0, busy: 0 };
}

/** Adds the agent's time in each state over [from, to) to the buckets it overlaps. */
function sliceTimeline(
  entries: readonly AgentServiceLogEntry[],
  list: readonly Bucket[],
  from: number,
  to: number,
  add: (bucket: number, state: AgentState, ms: number) => void,
): void {
  let state: AgentState = 'signed_out';
  let since = from;
  const spend = (until: number): void => {
    let start = Math.max(since, from);
    const end = Math.min(until, to);
    while (start < end) {
      const i = bucketIndex(list, start);
      if (i < 0) break;
      const b = list[i] as Bucket;
      const stop = Math.min(end, b.end);
      add(i, state, stop - start);
      start = stop;
    }
  };
  for (const entry of entries) {
    if (entry.at >= to) break;
    if (entry.from === entry.to) continue; // not a state change (not_hung_up)
    spend(entry.at);
    state = entry.to;
    since = entry.at;
  }
  spend(to);
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

interface QueueAccumulator {
  offered: number;
  answered: number;
  answeredWithin: number;
  abandoned: number;
  abandonedWithin: number;
  shortAbandoned: number;
  overflowed: number;
  timedOut: number;
  callbacks: number;
  waitMs: number;
  handled: number;
  handleMs: number;
  busyMs: number;
  staffedMs: number;
}

function emptyQueueAccumulator(): QueueAccumulator {
  return {
    offered: 0,
    answered: 0,
    answeredWithin: 0,
    abandoned: 0,
    abandonedWithin: 0,
    shortAbandoned: 0,
    overflowed: 0,
    timedOut: 0,
    callbacks: 0,
    waitMs: 0,
    handled: 0,
    handleMs: 0,
    busyMs: 0,
    staffedMs: 0,
  };
}

function addRecord(acc: QueueAccumulator, record: QueueCallRecord, thresholdMs: number, shortMs: number): void {
  const within = record.waitMs <= thresholdMs;
  if (record.outcome === 'abandoned' && record.waitMs < shortMs) {
    acc.shortAbandoned += 1;
    return;
  }
  acc.offered += 1;
  switch (record.outcome) {
    case 'answered':
      acc.answered += 1;
      acc.waitMs += record.waitMs;
      if (within) acc.answeredWithin += 1;
      break;
    case 'abandoned':
      acc.abandoned += 1;
      if (within) acc.abandonedWithin += 1;
      break;
    case 'overflowed':
      acc.overflowed += 1;
      break;
    case 'voicemail':
    case 'ivr':
      acc.timedOut += 1;
      break;
    case 'callback_answered':
    case 'callback_cancelled':
    case 'callback_failed':
      acc.callbacks += 1;
      break;
  }
  if ((record.outcome === 'answered' || record.outcome === 'callback_answered') && record.talkMs !== undefined) {
    acc.handled += 1;
    acc.handleMs += record.talkMs + (record.wrapMs ?? 0);
  }
}

function finishQueue(queueId: string, bucket: Bucket, acc: QueueAccumulator, treatment: AbandonTreatment): QueueIntervalMetrics {
  const judged = acc.answered + acc.timedOut;
  let serviceLevel: number | null;
  switch (treatment) {
    case 'exclude':
      serviceLevel = ratio(acc.answeredWithin, judged);
      break;
    case 'missed':
      serviceLevel = ratio(acc.answeredWithin, judged + acc.abandoned);
      break;
    case 'met_within_threshold':
      serviceLevel = ratio(acc.answeredWithin + acc.abandonedWithin, judged + acc.abandoned);
      break;
  }
  return {
    queueId,
    intervalStart: bucket.start,
    intervalEnd: bucket.end,
    offered: acc.offered,
    answered: acc.answered,
    answeredWithinThreshold: acc.answeredWithin,
    abandoned: acc.abandoned,
    abandonedWithinThreshold: acc.abandonedWithin,
    shortAbandoned: acc.shortAbandoned,
    overflowed: acc.overflowed,
    timedOut: acc.timedOut,
    callbacks: acc.callbacks,
    serviceLevel,
    asaS: acc.answered > 0 ? acc.waitMs / acc.answered / 1000 : null,
    ahtS: acc.handled > 0 ? acc.handleMs / acc.handled / 1000 : null,
    abandonRate: ratio(acc.abandoned, acc.offered),
    occupancy: ratio(acc.busyMs, acc.staffedMs),
  };
}

function groupByAgent(log: readonly AgentServiceLogEntry[]): Map<string, AgentServiceLogEntry[]> {
  const byAgent = new Map<string, AgentServiceLogEntry[]>();
  for (const entry of log) {
    let list = byAgent.get(entry.agentId);
    if (!list) byAgent.set(entry.agentId, (list = []));
    list.push(entry);
  }
  for (const list of byAgent.values()) list.sort((a, b) => a.at - b.at);
  return byAgent;
}

/**
 * Queue metrics per interval: one row per (queue, interval) for every queue that had a visit or
 * a member agent's time, plus the '*' rows for all queues together (its occupancy counts each
 * agent once).
 */
export function queueMetrics(
  records: readonly QueueCallRecord[],
  agentLog: readonly AgentServiceLogEntry[],
  agentQueues: (agentId: string) => readonly string[],
  options: MetricsOptions,
): QueueIntervalMetrics[] {
  const list = buckets(options);
  const shortMs = (options.shortAbandonS ?? 5) * 1000;
  const perQueue = new Map<string, QueueAccumulator[]>();
  const accumulators = (queueId: string): QueueAccumulator[] => {
    let accs = perQueue.get(queueId);
    if (!accs) perQueue.set(queueId, (accs = list.map(emptyQueueAccumulator)));
    return accs;
  };
  const all = accumulators('*');
  for (const record of records) {
    const i = bucketIndex(list, record.enteredAt);
    if (i < 0) continue;
    const thresholdMs = options.thresholdS(record.queueId) * 1000;
    addRecord(accumulators(record.queueId)[i] as QueueAccumulator, record, thresholdMs, shortMs);
    addRecord(all[i] as QueueAccumulator, record, thresholdMs, shortMs);
  }
  for (const [agentId, entries] of groupByAgent(agentLog)) {
    const targets = [all, ...agentQueues(agentId).map(accumulators)];
    sliceTimeline(entries, list, options.from, options.to, (i, state, ms) => {
      const busy = state === 'talking' || state === 'wrap_up' || state === 'busy';
      const staffed = busy || state === 'available' || state === 'ringing';
      if (!staffed) return;
      for (const accs of targets) {
        const acc = accs[i] as QueueAccumulator;
        acc.staffedMs += ms;
        if (busy) acc.busyMs += ms;
      }
    });
  }
  const rows: QueueIntervalMetrics[] = [];
  for (const [queueId, accs] of perQueue) {
    accs.forEach((acc, i) => rows.push(finishQueue(queueId, list[i] as Bucket, acc, options.abandonTreatment)));
  }
  return rows.sort((a, b) => a.intervalStart - b.intervalStart || (a.queueId < b.queueId ? -1 : a.queueId > b.queueId ? 1 : 0));
}

/** Agent metrics per interval, for every agent in the log or the records. */
export function agentMetrics(
  records: readonly QueueCallRecord[],
  agentLog: readonly AgentServiceLogEntry[],
  options: Pick<MetricsOptions, 'from' | 'to' | 'intervalMinutes' | 'calendar'>,
): AgentIntervalMetrics[] {
  const list = buckets({ ...options, thresholdS: () => 0, abandonTreatment: 'exclude' });
  interface Acc {
    calls: number;
    talkMs: number;
    stateMs: StateTimes;
    longNoAnswer: number;
    notHungUp: number;
    locks: number;
  }
  const perAgent = new Map<string, Acc[]>();
  const accumulators = (agentId: string): Acc[] => {
    let accs = perAgent.get(agentId);
    if (!accs) {
      accs = list.map(() => ({ calls: 0, talkMs: 0, stateMs: emptyStateTimes(), longNoAnswer: 0, notHungUp: 0, locks: 0 }));
      perAgent.set(agentId, accs);
    }
    return accs;
  };
  for (const record of records) {
    if (record.agentId === undefined || record.answeredAt === undefined) continue;
    const i = bucketIndex(list, record.answeredAt);
    if (i < 0) continue;
    const acc = accumulators(record.agentId)[i] as Acc;
    acc.calls += 1;
    acc.talkMs += record.talkMs ?? 0;
  }
  for (const [agentId, entries] of groupByAgent(agentLog)) {
    const accs = accumulators(agentId);
    for (const entry of entries) {
      const i = bucketIndex(list, entry.at);
      if (i < 0) continue;
      const acc = accs[i] as Acc;
      if (entry.action === 'ring_timeout') acc.longNoAnswer += 1;
      if (entry.action === 'not_hung_up') acc.notHungUp += 1;
      if (entry.to === 'locked' && entry.from !== 'locked') acc.locks += 1;
    }
    sliceTimeline(entries, list, options.from, options.to, (i, state, ms) => {
      (accs[i] as Acc).stateMs[state] += ms;
    });
  }
  const rows: AgentIntervalMetrics[] = [];
  for (const [agentId, accs] of perAgent) {
    accs.forEach((acc, i) => {
      const bucket = list[i] as Bucket;
      const s = acc.stateMs;
      const busy = s.talking + s.wrap_up + s.busy;
      rows.push({
        agentId,
        intervalStart: bucket.start,
        intervalEnd: bucket.end,
        calls: acc.calls,
        talkMs: acc.talkMs,
        averageTalkS: acc.calls > 0 ? acc.talkMs / acc.calls / 1000 : null,
        stateMs: s,
        occupancy: ratio(busy, busy + s.available + s.ringing),
        longNoAnswer: acc.longNoAnswer,
        notHungUp: acc.notHungUp,
        locks: acc.locks,
      });
    });
  }
  return rows.sort((a, b) => a.intervalStart - b.intervalStart || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
}
