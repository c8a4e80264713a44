/**
 * ACD routing benchmark: 10,000 agents in 500 queues (2–4 queues each, all nine strategies,
 * penalties, cities with local preference on a third of the queues, skills, VIP callers) under
 * churn: callers arriving, agents finishing calls and becoming available, pauses, abandons.
 *
 * One "decision" is one routing event as the queue service makes it: a caller arrives (enqueue,
 * pick agents, re-index the chosen ones) or an agent becomes available (re-index, pick the best
 * waiting caller across its queues, dequeue it). Its time includes the index maintenance. The
 * same event script runs against the IndexedRouter and the naive full scan; the naive one is
 * slow, so it runs a shorter script, and the two are compared over that same stretch of events
 * (the same warm-up, the same timed events): both rates, and whether they decided the same
 * (which agents each caller was offered, which caller each freed agent took). A difference fails
 * the benchmark.
 *
 *   node --import=tsx bench/acd.ts [--events N] [--naive-events M] [--warmup W] [--seed S]
 *
 * For scale, it also drives whole calls (enter, ring, answer, talk, hang up, wrap-up) through
 * the QueueService with a no-op port: everything a call costs the ACD, validation and logs included.
 *
 * Last line: acd: decisions_per_s=<N> p99_us=<P> naive_decisions_per_s=<M> indexed_same_stretch_per_s=<I> same_decisions=<true|false>
 */
import { emptyStats } from '../src/acd/agent-stats.js';
import { queueConfigSchema, STRATEGIES, type Membership } from '../src/acd/model.js';
import { NaiveRouter } from '../src/acd/naive-router.js';
import { SeededRandom } from '../src/acd/prng.js';
import { IndexedRouter, type Router } from '../src/acd/router.js';
import { QueueService } from '../src/acd/queue-service.js';
import { rankFor, type AgentRuntime, type CallerRuntime, type QueueRuntime } from '../src/acd/runtime.js';
import { waitingCallerState } from '../src/acd/engine/waiting-caller.js';
import { ManualScheduler } from '../test/acd/manual-scheduler.js';

const AGENTS = 10_000;
const QUEUES = 500;
const CITIES = ['beijing', 'shanghai', 'guangzhou', 'shenzhen', 'chengdu', 'wuhan', 'xian', 'nanjing', 'hangzhou', 'tianjin'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
}

interface World {
  router: Router;
  queues: QueueRuntime[];
  agents: AgentRuntime[];
  busy: AgentRuntime[];
  paused: AgentRuntime[];
  waiting: Set<CallerRuntime>;
  now: number;
  seq: number;
  /** Every routing decision while tracing, as numbers (cheap enough to leave in the timing). */
  trace: number[] | undefined;
  agentIndex: Map<AgentRuntime, number>;
}

function buildWorld(router: Router, seed: number): World {
  const rnd = new SeededRandom(seed);
  const queues: QueueRuntime[] = [];
  for (let q = 0; q < QUEUES; q++) {
    const config = queueConfigSchema.parse({
      id: `q${q}`,
      name: `queue ${q}`,
      strategy: STRATEGIES[q % STRATEGIES.length],
      localPreferenceWaitS: q % 3 === 0 ? 30 : 0,
      vip: { mode: q % 5 === 0 ? 'boost' : 'strict' },
    });
    const queue: QueueRuntime = { config, roundRobinLast: undefined };
    queues.push(queue);
    router.upsertQueue(queue);
  }
  const agents: AgentRuntime[] = [];
  for (let a = 0; a < AGENTS; a++) {
    const memberships = new Map<string, Membership>();
    const count = 2 + rnd.below(3);
    while (memberships.size < count) {
      const queueId = `q${rnd.below(QUEUES)}`;
      memberships.set(queueId, { queueId, level: 1 + rnd.below(10), penalty: rnd.below(3), position: a });
    }
    const agent: AgentRuntime = {
      id: `a${String(a).padStart(5, '0')}`,
      name: `agent ${a}`,
      extension: String(8000 + a),
      team: `t${a % 50}`,
      city: CITIES[rnd.below(CITIES.length)] as string,
      skills: new Map(rnd.next() < 0.5 ? [['english', 1 + rnd.below(10)]] : []),
      memberships,
      state: 'available',
      pauseReason: undefined,
      availableSince: -rnd.below(600_000),
      stats: { ...emptyStats(0), answered: rnd.below(40), talkMs: rnd.below(7_200_000), idleMs: rnd.below(3_600_000), idlePeriods: 1 + rnd.below(40) },
      call: undefined,
      wrap: undefined,
      noAnswerStreak: 0,
      pendingPause: undefined,
    };
    agents.push(agent);
    router.addAgent(agent);
  }
  const agentIndex = new Map(agents.map((agent, i) => [agent, i]));
  return { router, queues, agents, busy: [], paused: [], waiting: new Set(), now: 0, seq: 0, trace: undefined, agentIndex };
}

/**
 * As the queue service does it: every chosen agent rings; the first answers; under ring_all the
 * others are withdrawn (available again, same idle place) and each looks for another caller.
 */
function connect(world: World, caller: CallerRuntime, chosen: readonly AgentRuntime[]): void {
  world.router.dequeue(caller);
  world.waiting.delete(caller);
  for (const agent of chosen) world.router.updateAgent(agent, () => (agent.state = 'ringing'));
  const [winner, ...others] = chosen;
  if (!winner) return;
  world.router.updateAgent(winner, () => {
    winner.stats.idleMs += world.now - winner.availableSince;
    winner.stats.idlePeriods += 1;
    winner.state = 'talking';
  });
  world.busy.push(winner);
  for (const agent of others) {
    world.router.updateAgent(agent, () => (agent.state = 'available'));
    const next = callerFor(world, agent);
    if (next) connect(world, next, [agent]);
  }
}

function arrive(world: World, rnd: SeededRandom): void {
  const queue = world.queues[rnd.below(QUEUES)] as QueueRuntime;
  const priority = rnd.next() < 0.05 ? 1 + rnd.below(5) : 0;
  const caller: CallerRuntime = {
    callId: `c${world.seq}`,
    entry: { callId: `c${world.seq}`, queueId: queue.config.id, priority, callingNumber: '', calledNumber: '', callerCity: '', requiredSkills: [], ivrData: {} },
    queueId: queue.config.id,
    priority,
    city: rnd.next() < 0.7 ? (CITIES[rnd.below(CITIES.length)] as string) : '',
    requiredSkills: rnd.next() < 0.1 ? [{ skill: 'english', minLevel: 1 + rnd.below(6) }] : [],
    enteredAt: world.now,
    queuedAt: world.now,
    seq: world.seq++,
    ...rankFor(queue.config, priority, world.now),
    ...waitingCallerState(),
    visited: [queue.config.id],
    inVisit: true,
  };
  world.router.enqueue(caller);
  world.waiting.add(caller);
  const chosen = world.router.agentsFor(caller, world.now);
  if (world.trace) world.trace.push(caller.seq, chosen.length, ...chosen.map((a) => world.agentIndex.get(a) ?? -1));
  if (chosen.length > 0) connect(world, caller, chosen);
}

function release(world: World, index: number, rnd: SeededRandom): void {
  const agent = world.busy[index] as AgentRuntime;
  world.busy[index] = world.busy[world.busy.length - 1] as AgentRuntime;
  world.busy.pop();
  const talk = 30_000 + rnd.below(400_000);
  world.router.updateAgent(agent, () => {
    agent.stats.answered += 1;
    agent.stats.talkMs += talk;
    agent.state = 'available';
    agent.availableSince = world.now;
  });
  const caller = callerFor(world, agent);
  if (caller) connect(world, caller, [agent]);
}

/** The waiting caller a freed agent takes, noted in the trace. */
function callerFor(world: World, agent: AgentRuntime): CallerRuntime | undefined {
  const caller = world.router.callerFor(agent, world.now);
  if (world.trace) world.trace.push(-1 - (world.agentIndex.get(agent) ?? 0), caller ? caller.seq : -1);
  return caller;
}

type EventKind = 'arrive' | 'release' | 'abandon' | 'pause' | 'resume';

/** Chooses the next event so the system hovers around a realistic mix of queues and idle agents. */
function nextEvent(world: World, rnd: SeededRandom): EventKind {
  const r = rnd.next();
  if (r < 0.01 && world.waiting.size > 0) return 'abandon';
  if (r < 0.02) return 'pause';
  if (r < 0.03 && world.paused.length > 0) return 'resume';
  const idle = AGENTS - world.busy.length - world.paused.length;
  let arrivalShare = 0.5;
  if (idle > 400) arrivalShare = 0.75;
  if (world.waiting.size > 1500) arrivalShare = 0.3;
  return rnd.next() < arrivalShare || world.busy.length === 0 ? 'arrive' : 'release';
}

interface RunResult {
  decisions: number;
  seconds: number;
  samplesNs: number[];
  /** At the end of the run, to show the mix the decisions ran against. */
  waiting: number;
  idle: number;
  busy: number;
  /** Decisions over the first `tracedEvents` events after warm-up (and the warm-up itself). */
  trace: number[];
}

function run(router: Router, seed: number, warmup: number, events: number, tracedEvents: number): RunResult {
  const world = buildWorld(router, seed);
  const rnd = new SeededRandom(seed + 1);
  const samplesNs: number[] = [];
  const trace: number[] = [];
  world.trace = trace;
  let totalNs = 0n;
  for (let i = 0; i < warmup + events; i++) {
    if (i === warmup + tracedEvents) world.trace = undefined;
    world.now += 5 + rnd.below(20);
    const kind = nextEvent(world, rnd);
    const timed = i >= warmup && (kind === 'arrive' || kind === 'release');
    const started = process.hrtime.bigint();
    switch (kind) {
      case 'arrive':
        arrive(world, rnd);
        break;
      case 'release':
        release(world, rnd.below(world.busy.length), rnd);
        break;
      case 'abandon': {
        const caller = world.waiting.values().next().value as CallerRuntime;
        world.router.dequeue(caller);
        world.waiting.delete(caller);
        break;
      }
      case 'pause': {
        const agent = world.agents[rnd.below(AGENTS)] as AgentRuntime;
        if (agent.state === 'available') {
          world.router.updateAgent(agent, () => (agent.state = 'paused'));
          world.paused.push(agent);
        }
        break;
      }
      case 'resume': {
        const agent = world.paused.pop() as AgentRuntime;
        world.router.updateAgent(agent, () => {
          agent.state = 'available';
          agent.availableSince = world.now;
        });
        const caller = callerFor(world, agent);
        if (caller) connect(world, caller, [agent]);
        break;
      }
    }
    if (timed) {
      const ns = process.hrtime.bigint() - started;
      totalNs += ns;
      samplesNs.push(Number(ns));
    }
  }
  const idle = AGENTS - world.busy.length - world.paused.length;
  return { decisions: samplesNs.length, seconds: Number(totalNs) / 1e9, samplesNs, waiting: world.waiting.size, idle, busy: world.busy.length, trace };
}

function percentile(samples: number[], p: number): number {
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Whole calls through the QueueService on the same population; returns calls per second. */
function serviceRun(seed: number, calls: number): number {
  const rnd = new SeededRandom(seed);
  const clock = new ManualScheduler(0);
  const offers: Array<[string, string]> = [];
  const noop = (): void => {};
  const service = new QueueService({
    scheduler: clock,
    port: { offerCallToAgent: (callId, agentId) => offers.push([callId, agentId]), cancelOffer: noop, playToCaller: noop, sendToVoicemail: noop, returnToIvr: noop },
    agentLog: { write: noop },
    waitLog: { write: noop },
    callRecords: { write: noop },
    randomSeed: seed,
  });
  for (let q = 0; q < QUEUES; q++) service.upsertQueue({ id: `q${q}`, name: `queue ${q}`, strategy: STRATEGIES[q % STRATEGIES.length], wrapUpS: 5 });
  for (let a = 0; a < AGENTS; a++) {
    const queues = new Set<string>();
    const count = 2 + rnd.below(3);
    while (queues.size < count) queues.add(`q${rnd.below(QUEUES)}`);
    service.upsertAgent({ id: `a${a}`, name: `agent ${a}`, extension: String(8000 + a), city: CITIES[rnd.below(CITIES.length)], queues: [...queues].map((queueId) => ({ queueId })) });
    service.signIn(`a${a}`);
  }
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const callId = `c${i}`;
    offers.length = 0;
    service.callerEntered({ callId, queueId: `q${rnd.below(QUEUES)}`, callingNumber: '13800000000' });
    const offer = offers[0];
    if (offer) {
      service.agentAnswered(callId, offer[1]);
      clock.advanceBy(50);
      service.agentHungUp(callId, offer[1]);
    } else {
      service.callerHungUp(callId);
    }
    clock.advanceBy(50);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  service.dispose();
  return Math.round(calls / seconds);
}

const seed = arg('seed', 2024);
const events = arg('events', 200_000);
const naiveEvents = arg('naive-events', 10_000);

const warmup = arg('warmup', 30_000);
const compared = Math.min(events, naiveEvents);
const indexed = run(new IndexedRouter(seed), seed, warmup, events, compared);
const naive = run(new NaiveRouter(seed), seed, warmup, compared, compared);
const sameDecisions = indexed.trace.length === naive.trace.length && indexed.trace.every((v, i) => v === naive.trace[i]);
const firstDifference = sameDecisions ? -1 : indexed.trace.findIndex((v, i) => v !== naive.trace[i]);

const serviceCalls = serviceRun(seed, arg('service-calls', 5000));

const rate = (r: RunResult): number => Math.round(r.decisions / r.seconds);
/** The indexed router's rate over the stretch the naive one ran (its first timed decisions). */
const sameStretchRate = Math.round(naive.decisions / (indexed.samplesNs.slice(0, naive.decisions).reduce((a, b) => a + b, 0) / 1e9));
const p50 = percentile(indexed.samplesNs, 50) / 1000;
const p99 = percentile(indexed.samplesNs, 99) / 1000;
const naiveP99 = percentile(naive.samplesNs, 99) / 1000;
console.log(`agents=${AGENTS} queues=${QUEUES} strategies=${STRATEGIES.length} timed_events=${indexed.decisions}`);
console.log(`end state: ${indexed.busy} agents busy, ${indexed.idle} idle, ${indexed.waiting} callers waiting`);
console.log(`indexed: ${rate(indexed)} decisions/s, p50 ${p50.toFixed(1)} µs, p99 ${p99.toFixed(1)} µs`);
console.log(`naive:   ${rate(naive)} decisions/s, p99 ${naiveP99.toFixed(1)} µs; indexed over the same ${naive.decisions} decisions: ${sameStretchRate}/s`);
console.log(`same decisions over ${warmup + compared} events: ${sameDecisions}${sameDecisions ? '' : ` (traces differ at entry ${firstDifference} of ${indexed.trace.length} / ${naive.trace.length})`}`);
console.log(`service: ${serviceCalls} whole calls/s through QueueService (enter, ring, answer, hang up, wrap-up; validation and logs included)`);
console.log(`acd: decisions_per_s=${rate(indexed)} p99_us=${p99.toFixed(1)} naive_decisions_per_s=${rate(naive)} indexed_same_stretch_per_s=${sameStretchRate} same_decisions=${sameDecisions}`);
if (!sameDecisions) process.exitCode = 1;
