/**
 * The IVR and fax together: a statement by fax on the caller's own line, and a fax machine
 * that calls the voice number (recognised by its CNG tone and received).
 */
import test from 'ava';
import { join } from 'node:path';
import { dataPaths } from '../../src/config/paths.js';
import { compareFaxImages } from '../../src/fax/documents/index.js';
import { FaxFiles } from '../../src/fax/fax-files.js';
import { faxModule } from '../../src/fax/module.js';
import { placeFaxCall } from '../../src/telephony/simnet/sim-fax.js';
import { IvrWorld } from './harness.js';
import { dialCardServices, receiveStatementOnOwnLine } from './card-caller.js';

let world: IvrWorld;

test.before(async () => {
  world = await IvrWorld.start({ today: '2026-03-02', time: '10:00', modules: [faxModule()] });
});
test.after.always(async () => {
  await world?.close();
});

test.serial('fax statement on the same line: the caller presses start and the statement arrives', async (t) => {
  const caller = await dialCardServices(world);
  // The caller's own fax machine, on the same line, receives.
  const file = join(world.dir, 'statement-received.tiff');
  const result = await receiveStatementOnOwnLine(caller, file);
  t.true(result.success, `${result.code} ${result.text}`);
  t.true(result.pages >= 1);
  const knex = world.services.store.knex;
  let rows: Array<{ status: string; file: string | null }> = [];
  for (let i = 0; i < 100 && rows[0]?.status !== 'ok'; i++) {
    rows = await knex('faxes').where({ direction: 'outbound' }).select('*');
    if (rows[0]?.status !== 'ok') await new Promise((r) => setTimeout(r, 50));
  }
  t.is(rows.length, 1);
  t.is(rows[0]!.status, 'ok');
  t.false(JSON.stringify(rows).includes('6222020000000001'), 'no full card number stored');
  await caller.hangUp();
  // What the caller's machine printed is what the bank sent, pixel for pixel.
  const files = new FaxFiles(dataPaths(world.services.config).faxes);
  t.truthy(rows[0]!.file, 'the sent statement is kept');
  const sent = files.abs(rows[0]!.file!);
  const same = await world.busy(() => compareFaxImages(sent, file));
  t.true(same.identical, JSON.stringify(same));
  t.is(same.pagesB, result.pages);
  sentStatement = sent;
});

/** The statement the first test sent: a different page for the second test's control. */
let sentStatement: string | undefined;

test.serial('a fax machine calling the IVR number is heard (CNG) and its fax received', async (t) => {
  const { renderStatement } = await import('../../src/fax/documents/index.js');
  const document = join(world.dir, 'incoming.tiff');
  await renderStatement(
    { bankName: '客户', customerName: '王芳', accountNumber: '6222020000000003', period: { from: '2026-01-01', to: '2026-01-31' }, transactions: [{ date: '2026-01-05', description: '投诉信 complaint', amount: -100, balance: 900 }] },
    { resolution: 'fine', outPath: document },
  );
  const services = world.services;
  const sim = services.sim!;
  const call = await world.busy(() => placeFaxCall(services.telephony!.card, sim.network, { to: '95588', from: '02088880000', send: document }));
  t.true(call.record?.result?.success ?? false, JSON.stringify(call.record));
  const knex = services.store.knex;
  let received: { origin: string; status: string; file: string | null } | undefined;
  await world.busy(async () => {
    for (let i = 0; i < 100 && received?.status !== 'ok'; i++) {
      received = (await knex('faxes').where({ direction: 'inbound' }).first()) as typeof received;
      if (received?.status !== 'ok') await new Promise((r) => setTimeout(r, 50));
    }
  });
  t.is(received?.origin, 'cng');
  t.is(received?.status, 'ok');
  // The bank stored the page the machine sent, pixel for pixel...
  const stored = new FaxFiles(dataPaths(services.config).faxes).abs(received!.file!);
  const same = await world.busy(() => compareFaxImages(document, stored));
  t.true(same.identical, JSON.stringify(same));
  // ...and the comparison can tell pages apart: another statement is not the same image.
  if (sentStatement) {
    const other = await world.busy(() => compareFaxImages(sentStatement!, stored));
    t.false(other.identical, JSON.stringify(other));
    t.true(other.pages.some((p) => p.differingPixels > 0 || !p.sameSize), JSON.stringify(other));
  } else {
    t.fail('the statement test did not leave its page for the control');
  }
});
