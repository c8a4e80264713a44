import test from 'ava';
import { NaiveRouter } from '../../src/acd/naive-router.js';
import { SeededRandom } from '../../src/acd/prng.js';
import { IndexedRouter } from '../../src/acd/router.js';
import { STRATEGIES } from '../../src/acd/model.js';
import { agent, fixture, queue, type Fixture } from './harness.js';

/**
 * The indexed router must decide exactly as the naive full scan does. Two services, one with
 * each router, get the same random day (sign-ins, pauses, callers with priorities, cities and
 * skills, answers, declines, hang-ups, timers) and must emit the same commands and logs.
 */
function build(router: 'indexed' | 'naive'): Fixture {
  const f = fixture({ router: router === 'indexed' ? new IndexedRouter(99) : new NaiveRouter(99), notHungUpAfterS: 12 });
  STRATEGIES.forEach((strategy, i) => {
    f.service.upsertQueue(
      queue(`q${i}`, {
        strategy,
        wrapUpS: i % 3 === 0 ? 0 : 5 + i,
        ringTimeoutS: 8 + i,
        lockAfterNoAnswers: 1 + (i % 2),
        localPreferenceWaitS: i % 2 === 0 ? 20 : 0,
        maxWaitS: i % 4 === 0 ? 150 : 0,
        overflow: { targetQueueId: `q${(i + 1) % STRATEGIES.length}`, afterS: i % 3 === 1 ? 60 : 0, whenNoAgentSignedIn: i % 4 === 2 },
        vip: { mode: (['strict', 'boost', 'ignore'] as const)[i % 3], boostS: 20 },
        announce: { onEntry: true, everyS: 25 },
      }),
    );
  });
  const rnd = new SeededRandom(7);
  const cities = ['beijing', 'shanghai', 'guangzhou'];
  for (let a = 0; a < 30; a++) {
    const memberships = STRATEGIES.map((_, i) => i)
      .filter(() => rnd.next() < 0.35)
      .map((i) => ({ queueId: `q${i}`, level: 1 + rnd.below(10), penalty: rnd.below(3) }));
    f.service.upsertAgent(
      agent(`a${a}`, memberships, { city: cities[rnd.below(3)] as string, skills: rnd.next() < 0.5 ? { english: 1 + rnd.below(10) } : {} }),
    );
  }
  return f;
}

function play(f: Fixture, seed: number, steps: number): string[] {
  const rnd = new SeededRandom(seed);
  const outcomes: string[] = [];
  const cities = ['beijing', 'shanghai', 'guangzhou', ''];
  let calls = 0;
  const attempt = (label: string, action: () => unknown) => {
    try {
      action();
      outcomes.push(`${label}:ok`);
    } catch (error) {
      outcomes.push(`${label}:${(error as { code?: string }).code ?? String(error)}`);
    }
  };
  for (let step = 0; step < steps; step++) {
    const r = rnd.next();
    const agentId = `a${rnd.below(30)}`;
    const view = f.service.agent(agentId);
    if (r < 0.1) attempt(`signIn ${agentId}`, () => f.service.signIn(agentId));
    else if (r < 0.13) attempt(`signOut ${agentId}`, () => f.service.signOut(agentId));
    else if (r < 0.17) attempt(`pause ${agentId}`, () => f.service.pause(agentId, 'break'));
    else if (r < 0.22) attempt(`resume ${agentId}`, () => f.service.resume(agentId));
    else if (r < 0.24) attempt(`unlock ${agentId}`, () => f.service.unlock(agentId));
    else if (r < 0.45) {
      const callId = `c${calls++}`;
      attempt(`enter ${callId}`, () =>
        f.service.callerEntered({
          callId,
          queueId: `q${rnd.below(STRATEGIES.length)}`,
          priority: rnd.next() < 0.15 ? 1 + rnd.below(5) : 0,
          callerCity: cities[rnd.below(4)] as string,
          requiredSkills: rnd.next() < 0.1 ? [{ skill: 'english', minLevel: 1 + rnd.below(5) }] : [],
        }),
      );
    } else if (r < 0.62 && view.state === 'ringing' && view.callId) {
      const callId = view.callId;
      attempt(`answer ${agentId}`, () => f.service.agentAnswered(callId, agentId));
    } else if (r < 0.66 && view.state === 'ringing' && view.callId) {
      const callId = view.callId;
      attempt(`reject ${agentId}`, () => f.service.agentRejected(callId, agentId));
    } else if (r < 0.78 && view.state === 'talking' && view.callId) {
      const callId = view.callId;
      if (rnd.next() < 0.5) attempt(`agentHangUp ${agentId}`, () => f.service.agentHungUp(callId, agentId));
      else attempt(`callerHangUp ${callId}`, () => f.service.callerHungUp(callId));
    } else if (r < 0.8 && calls > 0) {
      const callId = `c${rnd.below(calls)}`;
      attempt(`abandon ${callId}`, () => f.service.callerHungUp(callId));
    } else if (r < 0.81 && calls > 0) {
      const callId = `c${rnd.below(calls)}`;
      attempt(`callback ${callId}`, () => f.service.requestCallback(callId, '13800000000'));
    } else {
      f.clock.advanceBy(1000 + rnd.below(6000));
    }
  }
  return outcomes;
}

test('the indexed router makes the same decisions as the naive scan over a random day', (t) => {
  const indexed = build('indexed');
  const naive = build('naive');
  const a = play(indexed, 2024, 6000);
  const b = play(naive, 2024, 6000);
  t.deepEqual(a, b);
  t.deepEqual(indexed.port.commands, naive.port.commands);
  t.deepEqual(indexed.agentLog, naive.agentLog);
  t.deepEqual(indexed.records, naive.records);
  t.deepEqual(indexed.waitLog, naive.waitLog);
  // The day really exercised the router.
  t.true(indexed.port.offers().length > 300, `offers: ${indexed.port.offers().length}`);
  t.true(indexed.agentLog.some((e) => e.to === 'locked'));
  t.true(indexed.records.some((r) => r.outcome === 'overflowed'));
  t.true(indexed.records.some((r) => r.outcome === 'abandoned'));
  for (const q of indexed.service.listQueues()) t.deepEqual(q, naive.service.queue(q.id));
});
