/**
 * What the ACD hands back to the IVR (services.queues.enqueue's outcome) and what it records:
 * max wait → voicemail or back to the menu, keys pressed while waiting, overflow to another
 * queue after N seconds (CDR and events follow), a caller who hangs up (abandoned, all-busy
 * log), an unknown queue; position announcements when they mean something.
 */
import test from 'ava';
import { filter } from 'rxjs';
import { addAgent, addQueue, call, IVR_NUMBER, manualPhones, phone, signIn, startLive, until, type LiveServer } from './harness.js';

let live: LiveServer;
const queueOf: Record<string, string> = {
  '13800000091': 'short-vm',
  '13800000092': 'short-ivr',
  '13800000093': 'keys',
  '13800000094': 'spill',
  '13800000095': 'keys',
  '13800000096': 'nowhere',
  '13800000097': 'announce',
  '13800000098': 'announce',
};

test.before(async () => {
  live = await startLive({ ivr: (ctx) => ({ queue: queueOf[ctx.session.calling] ?? 'keys', data: {} }) });
  await addQueue(live, { id: 'short-vm', maxWaitS: 10, maxWaitAction: 'voicemail' });
  await addQueue(live, { id: 'short-ivr', maxWaitS: 10, maxWaitAction: 'ivr' });
  await addQueue(live, { id: 'keys' });
  await addQueue(live, { id: 'target' });
  await addQueue(live, { id: 'spill', overflow: { targetQueueId: 'target', afterS: 15 } });
  await addQueue(live, { id: 'announce', announce: { onEntry: true, everyS: 0, position: true, expectedWait: true } });
  await addAgent(live, { id: 'o1', timeslot: 1, queues: ['target'] });
  await addAgent(live, { id: 'o2', timeslot: 2, queues: ['announce'] });
  manualPhones(live, 1, 2);
});
test.after.always(async () => {
  await live?.close();
});

async function outcomeOf(from: string, act?: (sim: Awaited<ReturnType<typeof call>>) => Promise<void>) {
  const before = live.ivrOutcomes.length;
  const sim = await call(live, from, IVR_NUMBER);
  await act?.(sim);
  await until(`outcome for ${from}`, () => live.ivrOutcomes.length > before);
  await sim.hangUp();
  return live.ivrOutcomes[before]!;
}

test.serial('max wait: voicemail or back to the IVR, as the queue says', async (t) => {
  t.deepEqual(await outcomeOf('13800000091'), { kind: 'voicemail', reason: 'max_wait:short-vm' });
  t.deepEqual(await outcomeOf('13800000092'), { kind: 'ivr', reason: 'max_wait:short-ivr' });
});

test.serial('keys while waiting: 2 leaves a message, * goes back to the menu', async (t) => {
  t.deepEqual(await outcomeOf('13800000093', (sim) => sim.sendDtmf('2')), { kind: 'voicemail', reason: 'caller_choice' });
  t.deepEqual(await outcomeOf('13800000095', (sim) => sim.sendDtmf('*')), { kind: 'ivr', reason: 'caller_choice' });
  t.deepEqual(await outcomeOf('13800000096'), { kind: 'unavailable', reason: 'no queue or entry point "nowhere"' });
});

test.serial('overflow after 15 s: the caller moves to the target queue, whose agent answers; CDR and events follow', async (t) => {
  await signIn(live, 'o1');
  const queued: string[] = [];
  const sub = live.services.bus.events$.pipe(filter((e) => e.type === 'call.queued')).subscribe((e) => queued.push(String((e as { queue?: string }).queue)));
  const sim = await call(live, '13800000094', IVR_NUMBER);
  await until('o1 rings after the overflow', () => phone(live, 1).ringing);
  await phone(live, 1).answer();
  await until('connected', () => live.acd().acd.queues.agent('o1').state === 'talking');
  await sim.hangUp();
  await until('outcome', () => live.ivrOutcomes.some((o) => o.kind === 'connected' && o.agentId === 'o1'));
  await live.services.records.flush();
  const cdr = await live.services.store.knex('cdr').where({ calling: '13800000094' }).first();
  t.like(cdr, { queue: 'target', agent_id: 'o1' });
  const busy = await live.services.store.knex('all_busy_log').where({ calling: '13800000094' });
  t.deepEqual(busy.map((b: { queue: string; outcome: string }) => [b.queue, b.outcome]), [['spill', 'overflow']]);
  sub.unsubscribe();
  t.deepEqual(queued, ['spill', 'target']);
});

test.serial('a caller who hangs up while waiting is abandoned (outcome and all-busy log)', async (t) => {
  const before = live.ivrOutcomes.length;
  const sim = await call(live, '13800000099', IVR_NUMBER);
  await until('queued', () => live.acd().acd.calls.size === 1);
  await sim.hangUp();
  await until('outcome', () => live.ivrOutcomes.length > before);
  t.deepEqual(live.ivrOutcomes[before], { kind: 'abandoned' });
  await live.services.records.flush();
  const busy = await live.services.store.knex('all_busy_log').where({ calling: '13800000099' });
  t.is(busy[0]?.outcome, 'abandoned');
});

test.serial('announcements: position when others wait ahead; no expected wait without enough history', async (t) => {
  await signIn(live, 'o2', 'meeting');
  const prompts: string[] = [];
  const sub = live.services.bus.events$.subscribe((e) => {
    if (e.type === 'session.event' && e.event.type === 'prompt') prompts.push(...((e.event['prompts'] as Array<{ id: string }>) ?? []).map((p) => p.id));
  });
  const first = await call(live, '13800000097', IVR_NUMBER);
  await until('first queued', () => live.acd().acd.queues.queue('announce').waiting === 1);
  const second = await call(live, '13800000098', IVR_NUMBER);
  await until('second told its position', () => prompts.filter((p) => p === 'queue.position').length >= 2);
  sub.unsubscribe();
  t.true(prompts.includes('num.2'), 'the second caller hears "2"');
  t.false(prompts.includes('queue.expected_wait'), 'no expected wait: no calls handled yet to estimate from');
  await first.hangUp();
  await second.hangUp();
});
