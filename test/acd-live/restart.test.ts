/**
 * Restart recovery: agents' states are persisted as they change; a new server on the same
 * database brings them back so that nobody is left blocking calls — an agent who was in a call
 * (or its wrap-up) comes back paused 'system_restart', an available agent stays available, a
 * paused one keeps the reason, a locked one stays locked — and the next call is answered.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAgent, addQueue, call, manualPhones, ok, phone, signIn, startLive, stateOf, until } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-acd-restart-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('agent states survive a restart without blocking calls', async (t) => {
  const first = await startLive({ dir });
  try {
    await addQueue(first, { id: 'service', wrapUpS: 600, ringTimeoutS: 5 });
    await addAgent(first, { id: 'free', timeslot: 1, queues: ['service'] });
    await addAgent(first, { id: 'lunch', timeslot: 2, queues: ['service'] });
    await addAgent(first, { id: 'busy', timeslot: 3, queues: ['service'] });
    await addAgent(first, { id: 'late', timeslot: 4, queues: ['service'] });
    manualPhones(first, 1, 2, 3, 4);
    // 'late' lets a call ring out and is locked.
    await signIn(first, 'late');
    const rung = await call(first, '13800000061');
    await until('late locked', () => stateOf(first, 'late') === 'locked');
    // 'busy' takes that call and is in wrap-up when the server stops.
    await signIn(first, 'busy');
    await until('busy rings', () => phone(first, 3).ringing);
    await phone(first, 3).answer();
    await until('busy talking', () => stateOf(first, 'busy') === 'talking');
    await rung.hangUp();
    await until('busy in wrap-up', () => stateOf(first, 'busy') === 'wrap_up');
    await signIn(first, 'free');
    await signIn(first, 'lunch', 'lunch');
  } finally {
    await first.close();
  }

  const second = await startLive({ dir });
  try {
    const states = Object.fromEntries(['free', 'lunch', 'busy', 'late'].map((id) => [id, second.acd().acd.queues.agent(id)]));
    t.like(states['free'], { state: 'available' });
    t.like(states['lunch'], { state: 'paused', pauseReason: 'lunch' });
    t.like(states['busy'], { state: 'paused', pauseReason: 'system_restart' }, 'the wrap-up was interrupted: back paused, not stuck');
    t.like(states['late'], { state: 'locked' });
    manualPhones(second, 1, 2, 3, 4);
    const next = await call(second, '13800000062');
    await until('the free agent rings', () => phone(second, 1).ringing);
    await next.hangUp();
    // The caller's hang-up reaches the ACD a moment later: until then the call would ring 'busy'.
    await until('the call is over', () => second.acd().acd.calls.size === 0);
    await ok(second.admin.post('/api/v1/acd/agents/busy/resume'));
    t.is(stateOf(second, 'busy'), 'available');
    await second.services.records.flush();
    const log = await second.services.store.knex('agent_service_log').where({ agent_id: 'busy', reason: 'system_restart' });
    t.is(log.length, 1, 'the recovery is in the agent service log');
  } finally {
    await second.close();
  }
});
