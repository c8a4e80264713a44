/**
 * Calling hours follow the time zone of the tenant's calendar (kept with the ACD configuration),
 * not Beijing time: on a tenant whose calendar is in Europe/London, a campaign with the default
 * windows (09:00–12:00, 14:00–18:00 on working days) dials at 11:00 London time, when it is
 * already 18:00 in Beijing, and knows its lunch break and next opening in London time.
 */
import test from 'ava';
import { Calendar } from '../../src/calendar/work-calendar.js';
import { DEFAULT_TIME_WINDOWS } from '../../src/outbound/campaign-settings.js';
import { CallingHours } from '../../src/outbound/dialler/calling-hours.js';
import { attemptsOf, ok, startDialler, until, upload, type DiallerServer } from './dialler-harness.js';
import { addQueueWithNoAgents } from './no-agent-calls.js';

// Tuesday 8 October 2024, 10:00:30 UTC: 11:00 in London (summer time), 18:00 in Beijing.
const EPOCH = Date.UTC(2024, 9, 8, 10, 0, 30);
let live: DiallerServer;

test.before(async () => {
  live = await startDialler({ epochMs: EPOCH });
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 1000, hangupAfterMs: 3000 });
  await addQueueWithNoAgents(live);
  await ok(live.admin.request('PUT', '/api/v1/acd/calendar', { timeZone: 'Europe/London', weekend: [0, 6], holidays: [], workingDays: [] }));
});
test.after.always(async () => {
  await live?.close();
});

test('a London tenant\'s campaign dials in London\'s windows, closed as they are in Beijing', async (t) => {
  const now = live.card.clock.wallTime().getTime();
  t.false(new CallingHours(DEFAULT_TIME_WINDOWS, new Calendar(), new Set()).isOpen(now), 'in Beijing the windows are closed now');
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'London', callingNumber: '95588', mode: 'trunk_ratio', maxLines: 1, onAnswer: { kind: 'agent', queueId: 'empty' } }));
  await upload(live, campaign.id, Buffer.from('phone\n13900000001\n'), 'london.csv');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
  const [attempt] = await until(live, 'the number dialled', async () => {
    const attempts = await attemptsOf(live, campaign.id);
    return attempts.length > 0 ? attempts : undefined;
  });
  t.truthy(attempt, 'dialled at 11:00 London time');

  const hours = await live.services.outbound!.dialler!.runner(campaign.id)!.callingHours();
  const london = (hhmm: string) => Date.parse(`2024-10-08T${hhmm}:00+01:00`);
  t.true(hours.isOpen(london('11:59')));
  t.false(hours.isOpen(london('12:30')), 'the lunch break, London time');
  t.is(hours.nextOpening(london('12:30')), london('14:00'));
  t.false(hours.isOpen(london('18:30')));
  t.is(hours.today(Date.parse('2024-10-08T23:30:00Z')), '2024-10-09', 'the day changes at London midnight (00:30 BST)');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'stop' }));
});
