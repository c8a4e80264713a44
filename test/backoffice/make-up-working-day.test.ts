/**
 * Make-up working days (调休): a Saturday the back office marks as a working day in the tenant's
 * calendar (PUT /acd/calendar, shared with the ACD's routing) opens the IVR's working-day hours
 * on that Saturday, from the next call on, without a restart.
 */
import test from 'ava';
import { acdModule } from '../../src/acd/module.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { Client, makeOperator } from '../helpers/server.js';
import { IvrWorld } from '../ivr/harness.js';

let world: IvrWorld;
let admin: Client;

test.before(async () => {
  // 2026-10-10 is a Saturday; 10:00 in Shanghai.
  world = await IvrWorld.start({
    today: '2026-10-10',
    time: '10:00',
    config: { telephony: { dialPlan: [{ number: '95566', target: { kind: 'ivr', flow: 'hours' }, lang: 'zh', tenant: 'bank' }] } },
    modules: [acdModule()],
  });
  admin = await world.held(async () => {
    const listening = await world.server.listen(0, '127.0.0.1');
    await makeOperator(world.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'calendar-admin', role: 'bank_admin' });
    const client = new Client(listening.url);
    if ((await client.login('calendar-admin')).status !== 200) throw new Error('login failed');
    const flow = await client.post('/api/v1/ivr/flows', {
      name: 'hours',
      activate: true,
      definition: {
        start: 'when',
        nodes: {
          when: { type: 'route-time', open: [{ days: 'workdays', from: '09:00', to: '17:00' }], inHours: 'open', outOfHours: 'closed' },
          open: { type: 'hangup', prompts: ['agent.transfer'] },
          closed: { type: 'hangup', prompts: ['agent.off_hours'] },
        },
      },
    });
    if (flow.status >= 300) throw new Error(`flow: ${flow.status} ${flow.text}`);
    return client;
  });
});
test.after.always(async () => {
  await world?.close();
});

async function branchHeard(): Promise<string> {
  const caller = await world.dial({ to: '95566' });
  const heard = await caller.event((e) => e.type === 'prompt' && e.prompts.some((p) => p.id === 'agent.transfer' || p.id === 'agent.off_hours'), 'the open or closed branch');
  await caller.ended();
  return heard.type === 'prompt' ? heard.prompts[0]!.id : '';
}

test.serial('a Saturday made a working day moves the IVR into its working-day hours', async (t) => {
  t.is(await branchHeard(), 'agent.off_hours', 'an ordinary Saturday is outside working-day hours');

  const saved = await world.held(() => admin.request('PUT', '/api/v1/acd/calendar', { timeZone: 'Asia/Shanghai', weekend: [0, 6], holidays: [{ date: '2026-10-01', name: '国庆节' }], workingDays: [{ date: '2026-10-10', name: '国庆调休' }] }));
  t.is(saved.status, 200, saved.text);
  t.is(await branchHeard(), 'agent.transfer', 'the make-up working day is open like a weekday');

  const back = await world.held(() => admin.request('PUT', '/api/v1/acd/calendar', { timeZone: 'Asia/Shanghai', weekend: [0, 6], holidays: [], workingDays: [] }));
  t.is(back.status, 200);
  t.is(await branchHeard(), 'agent.off_hours');
});

test.serial('a make-up working day must fall on a weekend day and not be a holiday as well', async (t) => {
  const weekday = await world.held(() => admin.request('PUT', '/api/v1/acd/calendar', { workingDays: [{ date: '2026-10-12', name: 'Monday' }] }));
  t.is(weekday.status, 422);
  t.regex(weekday.text, /not a weekend day/);
  t.is(weekday.body.error.details[0].path, 'body.workingDays.0.date');
  const both = await world.held(() => admin.request('PUT', '/api/v1/acd/calendar', { holidays: [{ date: '2026-10-11' }], workingDays: [{ date: '2026-10-11' }] }));
  t.is(both.status, 422);
  t.regex(both.text, /also listed as a holiday/);
});
