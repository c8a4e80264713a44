import test from 'ava';
import { agent, fixture, queue } from './harness.js';
import type { PersistedAgentRow } from '../../src/acd/queue-service.js';

const ROWS: PersistedAgentRow[] = [
  { id: 'idle', state: 'available' },
  { id: 'ringing', state: 'ringing' },
  { id: 'talking', state: 'talking' },
  { id: 'wrapping', state: 'wrap_up' },
  { id: 'lunch', state: 'paused', pauseReason: 'lunch' },
  { id: 'locked', state: 'locked' },
  { id: 'home', state: 'signed_out' },
];

function restarted(policy?: 'keep_available' | 'pause_all') {
  const f = fixture();
  f.service.upsertQueue(queue('q'));
  for (const row of ROWS) f.service.upsertAgent(agent(row.id, ['q']));
  const views = f.service.recoverAgents(ROWS, policy);
  return { f, states: Object.fromEntries(views.map((v) => [v.id, [v.state, v.pauseReason]])) };
}

test('after a restart nobody is left ringing, talking or in wrap-up', (t) => {
  const { f, states } = restarted();
  t.deepEqual(states, {
    idle: ['available', undefined],
    ringing: ['paused', 'system_restart'],
    talking: ['paused', 'system_restart'],
    wrapping: ['paused', 'system_restart'],
    lunch: ['paused', 'lunch'],
    locked: ['locked', undefined],
    home: ['signed_out', undefined],
  });
  t.deepEqual(
    f.agentLog.map((e) => [e.agentId, e.from, e.to, e.action, e.reason]),
    [
      ['ringing', 'ringing', 'paused', 'restart_recovery', 'system_restart'],
      ['talking', 'talking', 'paused', 'restart_recovery', 'system_restart'],
      ['wrapping', 'wrap_up', 'paused', 'restart_recovery', 'system_restart'],
    ],
  );
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c1'), ['idle'], 'available agents keep taking calls at once');
  t.is(f.service.queue('q').signedIn, 6);
});

test('policy pause_all pauses the available agents too', (t) => {
  const { states } = restarted('pause_all');
  t.deepEqual(states.idle, ['paused', 'system_restart']);
});

test('recovery keeps the statistics of the current window only', (t) => {
  const f = fixture();
  f.service.upsertAgent(agent('a', []));
  f.service.upsertAgent(agent('b', []));
  const start = f.service.agent('a').stats.windowStart;
  const stats = { answered: 7, talkMs: 700_000, idleMs: 100_000, idlePeriods: 7 };
  f.service.recoverAgents([
    { id: 'a', state: 'available', stats: { windowStart: start, ...stats } },
    { id: 'b', state: 'available', stats: { windowStart: start - 86_400_000, ...stats } },
  ]);
  t.is(f.service.agent('a').stats.answered, 7);
  t.is(f.service.agent('b').stats.answered, 0);
});

test('recovery is refused once calls are in the ACD or for an agent already signed in', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a', ['q']));
  f.service.signIn('a');
  t.throws(() => f.service.recoverAgents([{ id: 'a', state: 'available' }]), { code: 'acd_illegal_state' } as never);
  t.throws(() => f.service.recoverAgents([{ id: 'ghost', state: 'available' }]), { code: 'acd_unknown_agent' } as never);
});

test('the statistics window restarts at the configured local hour', (t) => {
  // Start 2024-05-06 09:00 Shanghai; reset at 06:00 local.
  const f = fixture({ startAt: Date.UTC(2024, 4, 6, 1, 0, 0), statsResetHour: 6 });
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a', ['q']));
  f.service.signIn('a');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.service.agentAnswered('c1', 'a');
  f.clock.advanceBy(60_000);
  f.service.agentHungUp('c1', 'a');
  t.like(f.service.agent('a').stats, { answered: 1, talkMs: 60_000, windowStart: Date.UTC(2024, 4, 5, 22, 0, 0) });
  f.clock.advanceTo(Date.UTC(2024, 4, 6, 22, 0, 0)); // 2024-05-07 06:00 Shanghai
  t.like(f.service.agent('a').stats, { answered: 0, talkMs: 0, windowStart: Date.UTC(2024, 4, 6, 22, 0, 0) });
});
