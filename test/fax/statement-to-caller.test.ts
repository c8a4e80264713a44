/**
 * "Fax me a statement": the IVR (a stand-in here) asks the FaxPort to send the caller's
 * statement on the same call; the caller's fax machine (simulated, pressing start to receive)
 * gets every page, pixel for pixel as the bank drew it; the fax is stored with its T.30
 * result and published on the event bus.
 */
import test from 'ava';
import { join } from 'node:path';
import { compareFaxImages, faxDocumentInfo, closeFaxDocuments } from '../../src/fax/documents/index.js';
import { GATEWAY_SESSION_KEY } from '../../src/fax/fax-document-source.js';
import { placeFaxCall } from '../../src/telephony/simnet/sim-fax.js';
import type { FaxOutcome } from '../../src/telephony/ports.js';
import { faxRepo } from '../../src/fax/store/fax-repo.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { DEMO_ACCOUNT, IVR_NUMBER, lineQuiet, promptPlayed, removeScratch, scratch, startFaxServer, verifiedSession, type FaxTestServer } from './helpers.js';

let server: FaxTestServer;
let dir: string;

test.before(async () => {
  server = await startFaxServer();
  dir = await scratch('statement');
});
test.after.always(async () => {
  await server?.stop();
  await closeFaxDocuments();
  await removeScratch(dir);
});

test.serial('a statement requested on the call reaches the caller\'s fax machine pixel for pixel', async (t) => {
  const session = await verifiedSession(server);
  const outcomes: FaxOutcome[] = [];
  let handled!: () => void;
  const ivrDone = new Promise<void>((resolve) => {
    handled = resolve;
  });
  server.onIvrCall(async (ctx) => {
    await ctx.session.answer();
    ctx.session.data.set(GATEWAY_SESSION_KEY, session);
    // A year of history: the demo account has enough entries for several pages.
    const from = new Date(server.services.telephony!.card.clock.wallTime().getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
    outcomes.push(await server.faxes.sendToCaller(ctx, { kind: 'statement', account: DEMO_ACCOUNT, from }));
    handled();
  });
  const seen: Array<{ type: string; [key: string]: unknown }> = [];
  const sub = server.services.bus.events$.subscribe((e) => {
    if (e.type.startsWith('fax.')) seen.push(e as unknown as { type: string });
  });
  t.teardown(() => sub.unsubscribe());
  const received = join(dir, 'statement-received.tiff');
  const call = await placeFaxCall(server.services.telephony!.card, server.services.sim!.network, { to: IVR_NUMBER, from: '13800138000', receiveInto: received, startWhen: promptPlayed(server, 'fax.press_start') });
  t.truthy(call.record?.result, call.record?.error);
  const got = call.record!.result!;
  t.true(got.success, `${got.code} ${got.text}`);
  await ivrDone;
  t.is(outcomes.length, 1);
  const outcome = outcomes[0]!;
  t.is(outcome.kind, 'sent');
  t.is(outcome.kind === 'sent' ? outcome.pages : -1, got.pages);
  t.true(got.pages >= 2, `a multi-page statement (${got.pages} pages)`);

  const page = await faxRepo.list(server.services.store.knex, DEFAULT_BANK_TENANT_ID, { direction: 'outbound' }, { limit: 10, offset: 0 });
  const fax = page.items[0]!;
  t.is(fax.status, 'ok');
  t.is(fax.origin, 'to-caller');
  t.is(fax.documentKind, 'statement');
  t.is(fax.documentLabel, '1001 **** **** 4001', 'the account appears masked only');
  t.is(fax.pages, got.pages);
  t.is(fax.t30Code, 0);
  t.is(fax.yRes, 196);
  t.truthy(fax.bitRate);
  t.is(fax.ecm, true);
  t.regex(fax.remoteIdent ?? '', /^SIM /);
  t.true((fax.durationMs ?? 0) > 0);

  // The caller's copy is the document the bank drew.
  const sent = server.fax.files.abs(fax.file!);
  t.is((await faxDocumentInfo(sent)).pages, got.pages);
  const cmp = await compareFaxImages(sent, received);
  t.true(cmp.identical, JSON.stringify(cmp.pages));

  await call.call.ended;
  const quiet = await lineQuiet(server);
  t.deepEqual(quiet, { calls: 0, faxes: 0, busyChannels: [] });
  t.true(seen.some((e) => e.type === 'fax.started'));
  t.true(seen.some((e) => e.type === 'fax.progress' && e['phase'] === 'page'));
  const done = seen.find((e) => e.type === 'fax.completed')!;
  t.is(done['status'], 'ok');
  t.is(done['t30Code'], 0);
  t.false(JSON.stringify(seen).includes(DEMO_ACCOUNT), 'no full account number on the bus');
});
