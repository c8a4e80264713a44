/**
 * Wrong PINs lock a card for telephone service: after 3 (the tenant's setting), counted across
 * calls, still locked after a server restart, refused before the PIN reaches the core, and
 * lifted only by an administrator through the audited API.
 */
import test from 'ava';
import { readCount, speechText } from '../../src/voice/readings/index.js';
import { ivrSettingsRepo } from '../../src/ivr/store/settings-repo.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { Client, makeOperator } from '../helpers/server.js';
import { Caller, IvrWorld } from './harness.js';
import { dialCardLogin } from './card-caller.js';

let world: IvrWorld;

test.before(async () => {
  world = await IvrWorld.start({ time: '10:00' });
});
test.after.always(async () => {
  await world?.close();
});

function startCardLogin(card: string): Promise<Caller> {
  return dialCardLogin(world, card);
}

async function adminClient(): Promise<Client> {
  return world.held(async () => {
    const listening = await world.server.listen(0, '127.0.0.1');
    const username = `ivr-admin-${Math.random().toString(36).slice(2, 8)}`;
    const op = await makeOperator(world.server, { tenantId: DEFAULT_BANK_TENANT_ID, username, role: 'bank_admin' });
    const client = new Client(listening.url);
    const res = await client.login(op.username);
    if (res.status !== 200) throw new Error(`login failed: ${res.text}`);
    return client;
  });
}

function verifyCardRequests(): Promise<number> {
  return world.held(async () => {
    await world.services.records.flush();
    const row = (await world.knex('transaction_log').where({ operation: 'verifyCard' }).count({ n: '*' }).first()) as { n: number | string };
    return Number(row.n);
  });
}

test.serial('three wrong PINs lock the card; the lock survives a restart and is lifted only by an audited admin action', async (t) => {
  const card = '6222020000000003';
  const caller = await startCardLogin(card);
  for (const left of [2, 1]) {
    await caller.answer('enter.card_pin', '000000#');
    const wrong = await caller.prompt('auth.password_wrong');
    t.is(Caller.text(wrong), `密码不正确。您还有${speechText(readCount(left, 'attempt', 'zh'), 'zh')}机会。`);
  }
  await caller.answer('enter.card_pin', '000000#');
  await caller.prompt('auth.locked', { only: true });
  await caller.prompt('menu.main');
  await caller.hangUp();

  const rows = await world.held(() => world.knex('ivr_pin_locks').select());
  t.is(rows.length, 1);
  t.like(rows[0], { subject_kind: 'card', subject_masked: '6222 **** **** 0003', failed_count: 3 });
  t.truthy(rows[0].locked_at);
  t.false(JSON.stringify(rows).includes(card), 'the card number is not stored');

  // Restart the server; the simulated core forgets its own lock, so only ours is left.
  await world.restart();
  await world.core.core.reset();
  const requestsBefore = await verifyCardRequests();
  const after = await startCardLogin(card);
  await after.answer('enter.card_pin', '333333#');
  await after.prompt('auth.locked', { only: true });
  await after.hangUp();
  t.is(await verifyCardRequests(), requestsBefore, 'the PIN of a locked card is not sent to the core');

  // An administrator lifts the lock (audited), and the right PIN works again.
  const admin = await adminClient();
  const list = await world.held(() => admin.get('/api/v1/ivr/pin-locks?locked=true'));
  t.is(list.status, 200);
  t.is(list.body.items.length, 1);
  t.is(list.body.items[0].subjectMasked, '6222 **** **** 0003');
  const unlocked = await world.held(() => admin.post('/api/v1/ivr/pin-locks/unlock', { ids: [list.body.items[0].id] }));
  t.is(unlocked.status, 200, unlocked.text);
  t.is(unlocked.body.unlocked.length, 1);
  t.is(unlocked.body.unlocked[0].lockedAt, null);
  const audit = await world.held(() => world.knex('audit_log').where({ action: 'ivrPinLocks.unlock' }).select());
  t.is(audit.length, 1);
  t.is(audit[0].target_id, list.body.items[0].id);
  t.true(String(audit[0].before_json).includes('6222 **** **** 0003'));

  const third = await startCardLogin(card);
  await third.answer('enter.card_pin', '333333#');
  await third.prompt('menu.card');
  await third.hangUp();
});

test.serial('the number of attempts is the tenant setting, and a right PIN in between starts the count again', async (t) => {
  await world.held(() => ivrSettingsRepo.put(world.knex, DEFAULT_BANK_TENANT_ID, { pinMaxAttempts: 2 }, 'test'));
  const card = '6222020000000001';
  const first = await startCardLogin(card);
  await first.answer('enter.card_pin', '000000#');
  const wrong = await first.prompt('auth.password_wrong');
  t.true(Caller.text(wrong).includes(`您还有${speechText(readCount(1, 'attempt', 'zh'), 'zh')}机会`));
  await first.answer('enter.card_pin', '111111#');
  await first.prompt('menu.card');
  await first.hangUp();

  const second = await startCardLogin(card);
  await second.answer('enter.card_pin', '000000#');
  await second.prompt('auth.password_wrong');
  await second.answer('enter.card_pin', '000000#');
  await second.prompt('auth.locked', { only: true });
  await second.hangUp();
  const row = await world.held(() => world.knex('ivr_pin_locks').where({ subject_masked: '6222 **** **** 0001' }).first());
  t.is(row.failed_count, 2);
  t.truthy(row.locked_at);

  // At the counter: the administrator types the card number the customer shows.
  const admin = await adminClient();
  const other = await world.held(() => admin.post('/api/v1/ivr/pin-locks/unlock', { kind: 'card', number: '6222020000000007' }));
  t.deepEqual(other.body.unlocked, [], 'a card that is not locked: nothing to lift');
  const byNumber = await world.held(() => admin.post('/api/v1/ivr/pin-locks/unlock', { kind: 'card', number: card }));
  t.is(byNumber.status, 200, byNumber.text);
  t.is(byNumber.body.unlocked[0].subjectMasked, '6222 **** **** 0001');
  const audit = await world.held(() => world.knex('audit_log').where({ action: 'ivrPinLocks.unlock' }).orderBy('at', 'desc').first());
  t.false(JSON.stringify(audit).includes(card), 'the audit entry does not hold the number');
  const bad = await world.held(() => admin.post('/api/v1/ivr/pin-locks/unlock', { kind: 'card' }));
  t.is(bad.status, 422);
  await world.held(() => ivrSettingsRepo.put(world.knex, DEFAULT_BANK_TENANT_ID, {}, 'test'));
});
