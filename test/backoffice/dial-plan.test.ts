/**
 * The dial plan as data: a fresh database takes the configuration file's plan; a platform
 * administrator changes it while the server runs (validated, audited), and the next simulated
 * call to that number follows the new target; a removed number is refused with cause 1.
 */
import test from 'ava';
import { Client, makeOperator } from '../helpers/server.js';
import { IvrWorld } from '../ivr/harness.js';

let world: IvrWorld;
let root: Client;

test.before(async () => {
  world = await IvrWorld.start({
    time: '10:00',
    config: {
      telephony: {
        dialPlan: [
          { number: '95588', target: { kind: 'ivr', flow: 'main' }, lang: 'zh', tenant: 'bank' },
          { number: '95500', target: { kind: 'line-test' }, lang: 'zh', tenant: 'bank' },
        ],
      },
    },
  });
  root = await world.held(async () => {
    const listening = await world.server.listen(0, '127.0.0.1');
    await makeOperator(world.server, { username: 'dialplan-root', role: 'platform_admin' });
    const client = new Client(listening.url);
    if ((await client.login('dialplan-root')).status !== 200) throw new Error('login failed');
    return client;
  });
});
test.after.always(async () => {
  await world?.close();
});

/** The first prompt the bank plays to a caller of `number`. */
async function firstPrompt(number: string): Promise<string> {
  const caller = await world.dial({ to: number });
  const e = await caller.event((ev) => ev.type === 'prompt', 'a first prompt');
  await caller.hangUp();
  return e.type === 'prompt' ? e.prompts[0]!.id : '';
}

test.serial('the configuration seeds the stored plan; a change applies to the next call', async (t) => {
  const listed = await world.held(() => root.get('/api/v1/dial-plan/entries?sort=number'));
  t.is(listed.status, 200, listed.text);
  t.deepEqual(listed.body.items.map((e: { number: string }) => e.number), ['95500', '95588']);
  const version = listed.body.items[0].version;

  t.is(await firstPrompt('95500'), 'linetest.intro', 'the line test answers 95500 as configured');

  const changed = await world.held(() => root.request('PUT', '/api/v1/dial-plan/entries/95500', { target: { kind: 'ivr', flow: 'main' }, lang: 'zh', tenant: 'bank', expectedVersion: version }));
  t.is(changed.status, 200, changed.text);
  t.is(changed.body.version, version + 1);
  t.is(await firstPrompt('95500'), 'welcome', 'the next call follows the new target without a restart');

  const stale = await world.held(() => root.request('PUT', '/api/v1/dial-plan/entries/95500', { target: { kind: 'line-test' }, lang: 'zh', tenant: 'bank', expectedVersion: version }));
  t.is(stale.status, 409);
  t.is(stale.body.error.code, 'plan_changed');

  const removed = await world.held(() => root.delete('/api/v1/dial-plan/entries/95500'));
  t.is(removed.status, 204);
  const cause = await world.busy(async () => (await world.services.sim!.network.placeCall({ to: '95500', from: '13800138000' })).ended);
  t.is(cause, 1, 'a number no longer in the plan is refused as unallocated');

  const audit = await world.knex('audit_log').whereIn('action', ['dialPlan.put', 'dialPlan.delete']).orderBy('at');
  t.deepEqual(audit.map((a: { action: string; target_id: string }) => `${a.action}:${a.target_id}`), ['dialPlan.put:95500', 'dialPlan.delete:95500']);
});

test.serial('bad entries are refused with the field named; bank staff cannot see the plan', async (t) => {
  const noTenant = await world.held(() => root.request('PUT', '/api/v1/dial-plan/entries/95577', { target: { kind: 'ivr', flow: 'main' }, tenant: 'nobank' }));
  t.is(noTenant.status, 422);
  t.is(noTenant.body.error.code, 'unknown_tenant');
  const badTarget = await world.held(() => root.request('PUT', '/api/v1/dial-plan/entries/95577', { target: { kind: 'voicemail' }, tenant: 'bank' }));
  t.is(badTarget.status, 422);
  t.is(badTarget.body.error.code, 'validation_failed');
  const badNumber = await world.held(() => root.request('PUT', '/api/v1/dial-plan/entries/95X77', { target: { kind: 'line-test' }, tenant: 'bank' }));
  t.is(badNumber.status, 422);
  const { DEFAULT_BANK_TENANT_ID } = await import('../../src/tenants/default-bank.js');
  await world.held(() => makeOperator(world.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'dialplan-bank', role: 'bank_admin' }));
  const bank = new Client(root.baseUrl);
  await world.held(() => bank.login('dialplan-bank'));
  t.is((await world.held(() => bank.get('/api/v1/dial-plan/entries'))).status, 403);
});

test.serial('trunks: named and closed to outbound calls while the server runs', async (t) => {
  const listed = await world.held(() => root.get('/api/v1/trunks'));
  t.is(listed.status, 200, listed.text);
  const span = listed.body.items[0].span as number;
  t.like(listed.body.items[0], { outbound: true, up: true });

  const closed = await world.held(() => root.patch(`/api/v1/trunks/${span}`, { name: 'Carrier A', outbound: false }));
  t.is(closed.status, 200, closed.text);
  t.like(closed.body, { span, name: 'Carrier A', outbound: false });
  const { DEFAULT_BANK_TENANT_ID } = await import('../../src/tenants/default-bank.js');
  const refused = await world.busy(() => world.telephony.dial({ number: '13800000001', tenantId: DEFAULT_BANK_TENANT_ID, ringTimeoutMs: 2000 }).then(() => undefined, (err: Error & { cause?: number }) => err));
  t.is(refused?.cause, 34, 'no trunk open to outbound calls: no circuit available');

  t.is((await world.held(() => root.patch(`/api/v1/trunks/${span}`, { outbound: true }))).status, 200);
  const placed = await world.busy(() =>
    world.telephony.dial({ number: '13800000001', tenantId: DEFAULT_BANK_TENANT_ID, ringTimeoutMs: 2000 }).then(
      async (session) => {
        await session.call.hangUp().catch(() => undefined);
        return 'placed';
      },
      (err: Error) => err.message,
    ),
  );
  t.not(placed, 'no trunk that is up is open to outbound calls', 'the trunk carries outbound calls again');
  t.is((await world.held(() => root.patch('/api/v1/trunks/62', { outbound: false }))).status, 404, 'only the card\'s trunk spans');
});
