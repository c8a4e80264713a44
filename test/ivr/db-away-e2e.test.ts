/**
 * MariaDB goes away: a caller who dials the IVR meanwhile still hears its menus (the flow and
 * settings last read answer), and the call's record arrives once the database is back. Card and
 * PIN still log in, without anyone getting extra tries: a locked card stays locked, a wrong PIN
 * holds the card until the database answers, and is counted then. A voice message left meanwhile
 * is kept and reaches the back office's list when the database is back; so do the records of a
 * statement faxed to the caller's own machine and of a fax received from a machine meanwhile.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sine } from '../helpers/signal.js';
import { faxModule } from '../../src/fax/module.js';
import { placeFaxCall } from '../../src/telephony/simnet/sim-fax.js';
import { mariadbSkipReason, startMariaDb, type MariaDbServer } from '../helpers/mariadb.js';
import { Caller, IvrWorld } from './harness.js';
import { DEMO_CARD, DEMO_PIN, dialCardLogin, dialCardServices, receiveStatementOnOwnLine } from './card-caller.js';

const skip = mariadbSkipReason();
let maria: MariaDbServer | undefined;
let world: IvrWorld | undefined;

test.before(async () => {
  if (skip) return;
  maria = await startMariaDb();
  const database = await maria.createDatabase('ivr_db_away');
  world = await IvrWorld.start({ today: '2026-03-02', time: '10:00', config: { database }, modules: [faxModule()] });
});
test.after.always(async () => {
  await world?.close();
  await maria?.stop();
});

(skip ? test.skip : test.serial)('with the database away, a new caller still hears the menus; its record arrives when it is back', async (t) => {
  const w = world!;
  const before = await w.dial({ from: '13700000001' });
  await before.answer('lang.choose.zh', '1');
  await before.prompt('menu.main');
  await before.hangUp();

  await maria!.kill();
  const during = await w.dial({ from: '13700000002' });
  await during.answer('lang.choose.zh', '1');
  await during.answer('menu.main', '6');
  await during.prompt('menu.info');
  await during.hangUp();
  t.is(w.services.records.mode, 'journal', 'the call was recorded in the journal meanwhile');

  await maria!.resume();
  await w.held(async () => {
    await w.services.records.flush();
    for (let i = 0; i < 100 && w.services.records.mode !== 'direct'; i++) await new Promise((r) => setTimeout(r, 100));
    const rows = await w.knex('cdr').whereIn('calling', ['13700000001', '13700000002']).select('calling', 'disposition');
    t.deepEqual(rows.map((r: { calling: string }) => r.calling).sort(), ['13700000001', '13700000002']);
  });
});

/** Card-and-PIN checks sent to the core so far (the log masks the card number whole). */
function verifyCardRequests(w: IvrWorld): Promise<number> {
  return w.held(async () => {
    await w.services.records.flush();
    const row = (await w.knex('transaction_log').where({ operation: 'verifyCard' }).count({ n: '*' }).first()) as { n: number | string };
    return Number(row.n);
  });
}

async function databaseBack(w: IvrWorld): Promise<void> {
  await maria!.resume();
  await w.held(async () => {
    await w.services.records.flush();
    for (let i = 0; i < 100 && (w.services.records.mode !== 'direct' || w.services.ivr!.pinLocks.waitingForDatabase > 0); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}

(skip ? test.skip : test.serial)('with the database away, card and PIN log in; a locked card stays locked; a wrong PIN holds the card and is counted when the database is back', async (t) => {
  const w = world!;
  const locked = '6222020000000003';
  // Before the outage: three wrong PINs lock card 0003 here; the simulated core forgets its own lock.
  const locker = await dialCardLogin(w, locked);
  for (let i = 0; i < 2; i++) {
    await locker.answer('enter.card_pin', '000000#');
    await locker.prompt('auth.password_wrong');
  }
  await locker.answer('enter.card_pin', '000000#');
  await locker.prompt('auth.locked', { only: true });
  await locker.hangUp();
  await w.held(() => w.core.core.reset());
  const sentBefore = await verifyCardRequests(w);

  await maria!.kill();
  // The right PIN: self-service goes on (the balance comes from the core, not the database).
  const customer = await dialCardServices(w);
  await customer.answer('menu.card', '1');
  t.true(Caller.text(await customer.prompt('result.balance')).includes('五千二百元'));
  await customer.hangUp();

  // The locked card stays locked, and its PIN (right, for the core) is not sent.
  const lockedCaller = await dialCardLogin(w, locked);
  await lockedCaller.answer('enter.card_pin', '333333#');
  await lockedCaller.prompt('auth.locked', { only: true });
  await lockedCaller.hangUp();

  // A wrong PIN: the caller is told the service is unavailable; the right PIN next is not tried.
  const mistaken = await dialCardLogin(w, DEMO_CARD);
  await mistaken.answer('enter.card_pin', '000000#');
  await mistaken.prompt('service.unavailable');
  await mistaken.hangUp();
  const again = await dialCardLogin(w, DEMO_CARD);
  await again.answer('enter.card_pin', `${DEMO_PIN}#`);
  await again.prompt('service.unavailable');
  await again.hangUp();
  t.is(w.services.ivr!.pinLocks.waitingForDatabase, 2, 'the right PIN of the first call and the wrong one are kept');

  await databaseBack(w);
  t.is(await verifyCardRequests(w), sentBefore + 2, 'two PINs reached the core: neither the locked card\'s nor the held card\'s second try');
  const row = await w.held(() => w.knex('ivr_pin_locks').where({ subject_masked: '6222 **** **** 0001' }).first());
  t.is(row.failed_count, 1, 'the wrong PIN is counted once the database answers');
  t.falsy(row.locked_at);

  // Back to normal: the hold is lifted, the right PIN logs in and starts the count again.
  const after = await dialCardServices(w);
  await after.prompt('menu.card');
  await after.hangUp();
  const cleared = await w.held(() => w.knex('ivr_pin_locks').where({ subject_masked: '6222 **** **** 0001' }).first());
  t.is(cleared.failed_count, 0);
});

(skip ? test.skip : test.serial)('with the database away, a voice message is kept: the caller hears it saved, and it is listed when the database is back', async (t) => {
  const w = world!;
  // A call before the outage reads the settings the voice message uses when it cannot read them.
  const before = await w.dial({ from: '13700000003' });
  await before.answer('lang.choose.zh', '1');
  await before.prompt('menu.main');
  await before.hangUp();

  await maria!.kill();
  const caller = await w.dial({ from: '13700000004' });
  await caller.answer('lang.choose.zh', '1');
  await caller.answer('menu.main', '8');
  await caller.prompt('voicemail.intro');
  await caller.event((e) => e.type === 'prompt-done', 'the end of the greeting');
  await caller.sim.play(sine(440, 2000, -15));
  await caller.press('#');
  await caller.prompt('voicemail.saved', { only: true });
  await caller.hangUp();
  t.is(w.services.records.mode, 'journal');

  await databaseBack(w);
  const rows = await w.held(() => w.knex('voicemail_messages').where({ calling: '13700000004' }).select());
  t.is(rows.length, 1);
  t.like(rows[0], { status: 'new', reason: 'caller-choice' });
  t.true(existsSync(join(w.dir, 'data', 'voicemail', String(rows[0].file))), 'the audio is on disk');
});

(skip ? test.skip : test.serial)('with the database away, a statement is faxed to the caller\'s own machine and its record arrives when the database is back', async (t) => {
  const w = world!;
  await maria!.kill();
  const caller = await dialCardServices(w);
  const result = await receiveStatementOnOwnLine(caller, join(w.dir, 'statement-during-outage.tiff'));
  t.true(result.success, `${result.code} ${result.text}`);
  t.true(result.pages >= 1);
  await caller.hangUp();

  await databaseBack(w);
  const rows = (await w.held(() => w.knex('faxes').where({ direction: 'outbound', origin: 'to-caller' }).select('*'))) as Array<{ status: string; pages: number; file: string | null }>;
  t.is(rows.length, 1);
  t.like(rows[0], { status: 'ok', pages: result.pages });
  t.truthy(rows[0]!.file);
});

(skip ? test.skip : test.serial)('with the database away, a fax machine calling the IVR number is received; its record and pages arrive when the database is back', async (t) => {
  const w = world!;
  const { renderStatement } = await import('../../src/fax/documents/index.js');
  const document = join(w.dir, 'incoming-during-outage.tiff');
  await renderStatement(
    { bankName: '客户', customerName: '王芳', accountNumber: '6222020000000003', period: { from: '2026-01-01', to: '2026-01-31' }, transactions: [{ date: '2026-01-05', description: 'outage', amount: -100, balance: 900 }] },
    { resolution: 'fine', outPath: document },
  );
  await maria!.kill();
  const sim = w.services.sim!;
  const call = await w.busy(() => placeFaxCall(w.services.telephony!.card, sim.network, { to: '95588', from: '02088880001', send: document }));
  t.true(call.record?.result?.success ?? false, JSON.stringify(call.record));

  await databaseBack(w);
  const fax = (await w.held(() => w.knex('faxes').where({ direction: 'inbound', calling: '02088880001' }).first())) as { id: string; status: string; pages: number } | undefined;
  t.like(fax, { status: 'ok', pages: 1 });
  const pages = await w.held(() => w.knex('fax_pages').where({ fax_id: fax!.id }).select());
  t.is(pages.length, 1, 'its page, for the back office to show');
});
