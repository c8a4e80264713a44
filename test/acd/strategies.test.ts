import test from 'ava';
import { agent, fixture, queue, type Fixture } from './harness.js';
import type { Strategy } from '../../src/acd/model.js';

/**
 * Gives `agentId` a call of `talkS` seconds through the 'train' queue: the other available
 * agents step away (pause) meanwhile, so talk figures are scripted exactly.
 */
function callTo(f: Fixture, agentId: string, talkS: number, callId: string): void {
  const others = f.service.listAgents().filter((a) => a.id !== agentId && a.state === 'available');
  for (const o of others) f.service.pause(o.id, 'script');
  f.service.callerEntered({ callId, queueId: 'train' });
  f.service.agentAnswered(callId, agentId);
  f.clock.advanceBy(talkS * 1000);
  f.service.agentHungUp(callId, agentId);
  for (const o of others) f.service.resume(o.id);
}

function withHistory(): Fixture {
  const f = fixture();
  const strategies: Strategy[] = ['least_talk_time', 'least_average_talk_time', 'fewest_answered'];
  f.service.upsertQueue(queue('train'));
  for (const s of strategies) f.service.upsertQueue(queue(s, { strategy: s }));
  for (const id of ['a1', 'a2', 'a3']) f.service.upsertAgent(agent(id, ['train', ...strategies]));
  for (const id of ['a1', 'a2', 'a3']) f.service.signIn(id);
  // a1: 1 call, 300 s talk. a2: 3 calls of 40 s (120 s, average 40). a3: 2 calls of 50 s (100 s, average 50).
  let n = 0;
  callTo(f, 'a1', 300, `h${n++}`);
  for (let i = 0; i < 3; i++) callTo(f, 'a2', 40, `h${n++}`);
  for (let i = 0; i < 2; i++) callTo(f, 'a3', 50, `h${n++}`);
  f.clock.advanceBy(1000);
  return f;
}

function nextPick(f: Fixture, queueId: string): string | undefined {
  const callId = `next-${queueId}`;
  f.service.callerEntered({ callId, queueId });
  return f.port.offeredAgents(callId)[0];
}

test('talk statistics follow the scripted history', (t) => {
  const f = withHistory();
  t.like(f.service.agent('a1').stats, { answered: 1, talkMs: 300_000 });
  t.like(f.service.agent('a2').stats, { answered: 3, talkMs: 120_000 });
  t.like(f.service.agent('a3').stats, { answered: 2, talkMs: 100_000 });
});

test('least_talk_time picks the agent with the least total talk time', (t) => {
  t.is(nextPick(withHistory(), 'least_talk_time'), 'a3');
});

test('least_average_talk_time picks the agent with the shortest average call', (t) => {
  t.is(nextPick(withHistory(), 'least_average_talk_time'), 'a2');
});

test('fewest_answered picks the agent with the fewest answered calls', (t) => {
  t.is(nextPick(withHistory(), 'fewest_answered'), 'a1');
});

test('longest_idle picks the agent available the longest, then the next one', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { strategy: 'longest_idle' }));
  for (const id of ['a1', 'a2', 'a3']) f.service.upsertAgent(agent(id, ['q']));
  f.service.signIn('a2');
  f.clock.advanceBy(10_000);
  f.service.signIn('a3');
  f.clock.advanceBy(10_000);
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.service.callerEntered({ callId: 'c2', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c1'), ['a2']);
  t.deepEqual(f.port.offeredAgents('c2'), ['a3']);
});

test('longest_idle: a caller hanging up during the ring keeps the agent in place; a decline sends them to the back', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q'));
  for (const id of ['a1', 'a2']) f.service.upsertAgent(agent(id, ['q']));
  f.service.signIn('a1');
  f.clock.advanceBy(5000);
  f.service.signIn('a2');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c1'), ['a1']);
  f.service.callerHungUp('c1');
  const since = f.service.agent('a1').availableSince;
  f.clock.advanceBy(1000);
  f.service.callerEntered({ callId: 'c2', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c2'), ['a1'], 'a1 still the longest idle');
  f.service.agentRejected('c2', 'a1');
  t.true(f.service.agent('a1').availableSince > since, 'decline restarts the idle stretch');
  t.deepEqual(f.port.offeredAgents('c2'), ['a1', 'a2'], 'the declined call goes to a2');
  f.service.callerEntered({ callId: 'c3', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c3'), ['a1'], 'a declined call does not bar the agent from the next caller');
});

test('longest_average_idle compares closed idle stretches; an agent with none goes first', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('avg', { strategy: 'longest_average_idle' }));
  f.service.upsertQueue(queue('idle', { strategy: 'longest_idle' }));
  for (const id of ['a1', 'a2', 'a3']) f.service.upsertAgent(agent(id, ['avg', 'idle']));
  f.service.signIn('a1');
  f.service.signIn('a2');
  f.clock.advanceBy(20_000);
  f.service.pause('a2', 'break'); // a2: stretch of 20 s
  f.clock.advanceBy(80_000);
  f.service.pause('a1', 'break'); // a1: stretch of 100 s
  f.clock.advanceBy(10_000);
  f.service.resume('a2'); // a2 idle since t=110 s
  f.clock.advanceBy(90_000);
  f.service.resume('a1'); // a1 idle since t=200 s
  f.clock.advanceBy(1000);
  t.like(f.service.agent('a1').stats, { idleMs: 100_000, idlePeriods: 1 });
  t.like(f.service.agent('a2').stats, { idleMs: 20_000, idlePeriods: 1 });

  f.service.callerEntered({ callId: 'c-avg', queueId: 'avg' });
  t.deepEqual(f.port.offeredAgents('c-avg'), ['a1'], 'average 100 s beats 20 s');
  f.service.callerHungUp('c-avg');
  f.service.callerEntered({ callId: 'c-idle', queueId: 'idle' });
  t.deepEqual(f.port.offeredAgents('c-idle'), ['a2'], 'longest current idle is a2');
  f.service.callerHungUp('c-idle');

  f.service.signIn('a3'); // no closed stretch yet
  f.service.callerEntered({ callId: 'c-new', queueId: 'avg' });
  t.deepEqual(f.port.offeredAgents('c-new'), ['a3']);
});

test('skills_based picks the highest level in the queue, then the longest idle', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('funds', { strategy: 'skills_based' }));
  f.service.upsertAgent(agent('a1', [{ queueId: 'funds', level: 5 }]));
  f.service.upsertAgent(agent('a2', [{ queueId: 'funds', level: 9 }]));
  f.service.upsertAgent(agent('a3', [{ queueId: 'funds', level: 9 }]));
  f.service.signIn('a1');
  f.clock.advanceBy(1000);
  f.service.signIn('a3');
  f.clock.advanceBy(1000);
  f.service.signIn('a2');
  for (const id of ['c1', 'c2', 'c3']) f.service.callerEntered({ callId: id, queueId: 'funds' });
  t.deepEqual(
    ['c1', 'c2', 'c3'].map((c) => f.port.offeredAgents(c)[0]),
    ['a3', 'a2', 'a1'],
  );
});

test('round_robin continues after the last agent offered, wrapping around', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('rr', { strategy: 'round_robin' }));
  for (const [i, id] of ['a1', 'a2', 'a3'].entries()) f.service.upsertAgent(agent(id, [{ queueId: 'rr', position: i }]));
  for (const id of ['a3', 'a2', 'a1']) f.service.signIn(id);
  const picks: string[] = [];
  for (let i = 0; i < 5; i++) {
    const callId = `c${i}`;
    f.service.callerEntered({ callId, queueId: 'rr' });
    const who = f.port.offeredAgents(callId)[0] as string;
    picks.push(who);
    f.service.agentAnswered(callId, who);
    f.service.agentHungUp(callId, who);
  }
  t.deepEqual(picks, ['a1', 'a2', 'a3', 'a1', 'a2']);
});

test('random is reproducible with a seed and stays in the best tier', (t) => {
  const run = (seed: number): string[] => {
    const f = fixture({ randomSeed: seed });
    f.service.upsertQueue(queue('rnd', { strategy: 'random' }));
    for (const id of ['a1', 'a2', 'a3', 'a4']) f.service.upsertAgent(agent(id, ['rnd']));
    f.service.upsertAgent(agent('backup', [{ queueId: 'rnd', penalty: 5 }]));
    for (const id of ['a1', 'a2', 'a3', 'a4', 'backup']) f.service.signIn(id);
    const picks: string[] = [];
    for (let i = 0; i < 40; i++) {
      const callId = `c${i}`;
      f.service.callerEntered({ callId, queueId: 'rnd' });
      const who = f.port.offeredAgents(callId)[0] as string;
      picks.push(who);
      f.service.agentAnswered(callId, who);
      f.service.agentHungUp(callId, who);
    }
    return picks;
  };
  const a = run(42);
  t.deepEqual(run(42), a);
  t.notDeepEqual(run(7), a);
  t.false(a.includes('backup'));
  t.deepEqual([...new Set(a)].sort(), ['a1', 'a2', 'a3', 'a4']);
});

test('ring_all rings the whole best tier; the first answer wins and the others keep their place', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('all', { strategy: 'ring_all' }));
  f.service.upsertAgent(agent('a1', ['all']));
  f.service.upsertAgent(agent('a2', ['all']));
  f.service.upsertAgent(agent('b1', [{ queueId: 'all', penalty: 1 }]));
  for (const id of ['a1', 'a2', 'b1']) f.service.signIn(id);
  const since = f.service.agent('a1').availableSince;
  f.clock.advanceBy(3000);
  f.service.callerEntered({ callId: 'c1', queueId: 'all' });
  t.deepEqual(f.port.offeredAgents('c1').sort(), ['a1', 'a2']);
  f.service.agentAnswered('c1', 'a2');
  t.is(f.service.agent('a1').state, 'available');
  t.is(f.service.agent('a1').availableSince, since);
  t.true(f.port.commands.some((c) => c.op === 'cancel' && c.agentId === 'a1' && c.reason === 'answered_elsewhere'));
  t.is(f.service.agent('a1').stats.idlePeriods, 0, 'the withdrawn ring did not close a1’s idle stretch');
});

test('penalty tiers: a higher-penalty agent is offered only when no lower one can take the call', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('backup', [{ queueId: 'q', penalty: 2 }]));
  f.service.upsertAgent(agent('main', [{ queueId: 'q', penalty: 0 }]));
  f.service.signIn('backup');
  f.clock.advanceBy(60_000);
  f.service.signIn('main');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.service.callerEntered({ callId: 'c2', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c1'), ['main']);
  t.deepEqual(f.port.offeredAgents('c2'), ['backup']);
});

test('required skills: only agents holding the skill at the level are offered the caller', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a1', ['q'], { skills: { english: 4 } }));
  f.service.upsertAgent(agent('a2', ['q'], { skills: { english: 8 } }));
  f.service.signIn('a1');
  f.clock.advanceBy(1000);
  f.service.signIn('a2');
  f.service.callerEntered({ callId: 'c1', queueId: 'q', requiredSkills: [{ skill: 'english', minLevel: 6 }] });
  t.deepEqual(f.port.offeredAgents('c1'), ['a2']);
});
