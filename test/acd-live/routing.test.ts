/**
 * Routing rules end to end: a simulated caller dials a number of the dial plan whose target is
 * the entry point 'service'; the entry point's rules choose the queue by calling number, called
 * number, holidays, working days and time of day; we see whose phone rings. The clock starts on
 * Wednesday 2 October 2024, 10:00 Beijing time (a National Day holiday), and the calendar is
 * edited through the API between calls.
 */
import test from 'ava';
import { addAgent, addQueue, call, manualPhones, ok, phone, signIn, startLive, stateOf, until, type LiveServer } from './harness.js';

let live: LiveServer;
const QUEUE_OF_PHONE: Record<number, string> = { 1: 'vip', 2: 'english', 3: 'holiday', 4: 'day', 5: 'night' };

test.before(async () => {
  live = await startLive();
  for (const id of Object.values(QUEUE_OF_PHONE)) await addQueue(live, { id });
  for (const [ts, queue] of Object.entries(QUEUE_OF_PHONE)) await addAgent(live, { id: `agent-${queue}`, timeslot: Number(ts), queues: [queue] });
  manualPhones(live, 1, 2, 3, 4, 5);
  for (const queue of Object.values(QUEUE_OF_PHONE)) await signIn(live, `agent-${queue}`);
  await ok(
    live.admin.post('/api/v1/acd/entry-points', {
      id: 'service',
      defaultQueueId: 'night',
      rules: [
        { id: 'vip-numbers', queueId: 'vip', priority: 10, callingNumber: { exact: ['13900000001'], prefix: ['1390009'] } },
        { id: 'english-line', queueId: 'english', calledNumber: { exact: ['95502'] } },
        { id: 'holidays', queueId: 'holiday', days: 'holiday' },
        { id: 'office-hours', queueId: 'day', days: 'working', timeOfDay: [{ from: '09:00', to: '17:00' }] },
      ],
    }),
  );
  await ok(live.admin.request('PUT', '/api/v1/acd/calendar', { timeZone: 'Asia/Shanghai', holidays: [{ date: '2024-10-02', name: '国庆节' }] }));
});
test.after.always(async () => {
  await live?.close();
});

/** Places a call and answers which queue's phone rang; the caller then hangs up. */
async function routedTo(from: string, to?: string): Promise<string> {
  const sim = await call(live, from, to);
  let rang: number | undefined;
  await until(`a phone rings for ${from}`, () => {
    rang = [1, 2, 3, 4, 5].find((ts) => phone(live, ts).ringing);
    return rang !== undefined;
  });
  await sim.hangUp();
  await until('everyone available', () => Object.values(QUEUE_OF_PHONE).every((q) => stateOf(live, `agent-${q}`) === 'available') && ![1, 2, 3, 4, 5].some((ts) => phone(live, ts).ringing));
  return QUEUE_OF_PHONE[rang!]!;
}

test.serial('by calling number: a listed number goes to the VIP queue with a raised priority', async (t) => {
  t.is(await routedTo('13900000001'), 'vip');
  t.is(await routedTo('13900091234'), 'vip', 'by prefix');
});

test.serial('by called number: the English line goes to the English queue', async (t) => {
  t.is(await routedTo('13800000002', '95502'), 'english');
});

test.serial('holidays, working days and time of day', async (t) => {
  t.is(await routedTo('13800000003'), 'holiday', '2 October is a holiday in the calendar');
  await ok(live.admin.request('PUT', '/api/v1/acd/calendar', { timeZone: 'Asia/Shanghai', holidays: [] }));
  t.is(await routedTo('13800000003'), 'day', 'an ordinary Wednesday at 10:00: office hours');
  await ok(
    live.admin.request('PUT', '/api/v1/acd/entry-points/service', {
      defaultQueueId: 'night',
      rules: [{ id: 'office-hours', queueId: 'day', days: 'working', timeOfDay: [{ from: '14:00', to: '17:00' }] }],
    }),
  );
  t.is(await routedTo('13800000003'), 'night', 'outside the (changed) office hours: the default queue');
  await ok(
    live.admin.request('PUT', '/api/v1/acd/entry-points/service', {
      defaultQueueId: 'night',
      rules: [{ id: 'office-hours', queueId: 'day', days: 'working', timeOfDay: [{ from: '09:00', to: '17:00' }] }],
    }),
  );
  await ok(live.admin.request('PUT', '/api/v1/acd/calendar', { timeZone: 'Asia/Shanghai', weekend: [0, 3, 6] }));
  t.is(await routedTo('13800000003'), 'night', 'Wednesday made a weekend day: not a working day');
  await ok(
    live.admin.request('PUT', '/api/v1/acd/entry-points/service', {
      defaultQueueId: 'night',
      rules: [
        { id: 'tuesdays', queueId: 'english', weekdays: [2] },
        { id: 'wednesdays', queueId: 'day', weekdays: [3] },
      ],
    }),
  );
  t.is(await routedTo('13800000003'), 'day', 'by weekday: Wednesday');
});
