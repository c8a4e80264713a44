/**
 * Faxes sent to the bank: a fax machine on the simulated network calls the fax number (dial
 * plan target 'fax-receive'), or calls the IVR number and is recognised by its CNG tone. The
 * fax is stored with its T.30 result, its TIFF and a PNG per page, and staff with fax:read
 * fetch them over HTTP -- only within their own tenant.
 */
import test from 'ava';
import { join } from 'node:path';
import { closeFaxDocuments, compareFaxImages, renderStatement } from '../../src/fax/documents/index.js';
import { watchForFaxTone, FAX_TONE_KEY } from '../../src/telephony/fax-tone.js';
import type { FaxReceiveOutcome } from '../../src/fax/fax-port.js';
import { faxRepo } from '../../src/fax/store/fax-repo.js';
import { placeFaxCall } from '../../src/telephony/simnet/sim-fax.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { makeOperator, makeTenant } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';
import { sampleStatement } from '../fax-documents/helpers/statement-sample.js';
import { FAX_NUMBER, IVR_NUMBER, lineQuiet, removeScratch, scratch, startFaxServer, type FaxTestServer } from './helpers.js';

let server: FaxTestServer;
let dir: string;
let document: string;

test.before(async () => {
  server = await startFaxServer();
  dir = await scratch('inbound');
  document = join(dir, 'complaint.tiff');
  const written = await renderStatement(sampleStatement(90), { resolution: 'fine', outPath: document });
  if (written.pages !== 3) throw new Error(`expected 3 pages, got ${written.pages}`);
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'fax-admin', role: 'bank_admin' });
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'fax-agent', role: 'agent' });
  const other = await makeTenant(server.server, 'other-bank', 'Other bank');
  await makeOperator(server.server, { tenantId: other.id, username: 'other-admin', role: 'bank_admin' });
});
test.after.always(async () => {
  await server?.stop();
  await closeFaxDocuments();
  await removeScratch(dir);
});

async function inbound() {
  const page = await faxRepo.list(server.services.store.knex, DEFAULT_BANK_TENANT_ID, { direction: 'inbound' }, { limit: 50, offset: 0 });
  return page.items;
}

test.serial('a fax to the fax number is stored with its pages as PNG, and served to permitted staff only', async (t) => {
  const call = await placeFaxCall(server.services.telephony!.card, server.services.sim!.network, { to: FAX_NUMBER, from: '02188886666', send: document, ident: 'CUSTOMER 021' });
  t.true(call.record?.result?.success, call.record?.result?.text ?? call.record?.error);
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
  const [fax] = await inbound();
  t.truthy(fax);
  t.is(fax!.status, 'ok');
  t.is(fax!.origin, 'dialed');
  t.is(fax!.pages, 3);
  t.is(fax!.calling, '02188886666');
  t.is(fax!.called, FAX_NUMBER);
  t.is(fax!.remoteIdent, 'CUSTOMER 021');
  t.is(fax!.yRes, 196);
  t.is(fax!.t30Code, 0);
  t.truthy(fax!.legId);
  const cmp = await compareFaxImages(document, server.fax.files.abs(fax!.file!));
  t.true(cmp.identical, JSON.stringify(cmp.pages));

  const admin = await loginAs(server.url, 'fax-admin');
  const list = await admin.get('/api/v1/faxes?direction=inbound');
  t.is(list.status, 200);
  t.is(list.body.items[0].id, fax!.id);
  t.false('file' in list.body.items[0], 'no server paths in answers');
  const one = await admin.get(`/api/v1/faxes/${fax!.id}`);
  t.is(one.status, 200);
  t.deepEqual(one.body.pngPages.map((p: { page: number; width: number }) => [p.page, p.width]), [[1, 1728], [2, 1728], [3, 1728]]);
  const png = await fetch(`${server.url}/api/v1/faxes/${fax!.id}/png?page=2`, { headers: { cookie: admin.cookie! } });
  t.is(png.status, 200);
  t.is(png.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await png.arrayBuffer());
  t.deepEqual([...bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
  const tiff = await fetch(`${server.url}/api/v1/faxes/${fax!.id}/tiff`, { headers: { cookie: admin.cookie! } });
  t.is(tiff.status, 200);
  t.is(tiff.headers.get('content-type'), 'image/tiff');
  t.regex(tiff.headers.get('content-disposition') ?? '', /attachment; filename="fax-/);
  t.is((await admin.get(`/api/v1/faxes/${fax!.id}/png?page=4`)).status, 404);

  const agent = await loginAs(server.url, 'fax-agent');
  t.is((await agent.get(`/api/v1/faxes/${fax!.id}/png?page=1`)).status, 403);
  const stranger = await loginAs(server.url, 'other-admin');
  t.is((await stranger.get(`/api/v1/faxes/${fax!.id}`)).status, 404);
  t.is((await stranger.get(`/api/v1/faxes/${fax!.id}/tiff`)).status, 404);
  t.deepEqual((await stranger.get('/api/v1/faxes')).body.items, []);
});

test.serial('a fax machine calling the IVR number is recognised by CNG and its fax received', async (t) => {
  const outcomes: FaxReceiveOutcome[] = [];
  let handled!: () => void;
  const done = new Promise<void>((r) => (handled = r));
  server.onIvrCall(async (ctx) => {
    await ctx.session.answer();
    const watch = watchForFaxTone(ctx.session);
    // The IVR's greeting and menu; a fax machine keys nothing and the CNG cuts the prompt short.
    const menu = ctx.session.collect({ max: 1, prompts: ctx.prompts.prompts(['menu.main', 'menu.main', 'menu.main'], 'zh'), firstDigitTimeoutMs: 10_000 });
    const fax = await Promise.race([watch.detected, menu.then(() => false)]);
    if (fax) {
      t.true(ctx.session.data.get(FAX_TONE_KEY) === true);
      outcomes.push(await server.fax.port.receiveFromCaller(ctx, 'cng'));
    }
    handled();
  });
  const call = await placeFaxCall(server.services.telephony!.card, server.services.sim!.network, { to: IVR_NUMBER, from: '02188887777', send: document });
  await done;
  t.true(call.record?.result?.success, call.record?.result?.text ?? call.record?.error);
  t.is(outcomes.length, 1);
  t.is(outcomes[0]!.kind, 'received');
  const fax = (await inbound()).find((f) => f.id === outcomes[0]!.faxId)!;
  t.is(fax.origin, 'cng');
  t.is(fax.pages, 3);
  t.is(fax.called, IVR_NUMBER);
  t.true((await compareFaxImages(document, server.fax.files.abs(fax.file!))).identical);
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
});

test.serial('a person calling the IVR number is not taken for a fax machine', async (t) => {
  const before = (await inbound()).length;
  let detected: boolean | undefined;
  let handled!: () => void;
  const done = new Promise<void>((r) => (handled = r));
  server.onIvrCall(async (ctx) => {
    await ctx.session.answer();
    const watch = watchForFaxTone(ctx.session);
    const menu = await ctx.session.collect({ max: 1, prompts: ctx.prompts.prompts(['menu.main'], 'zh'), firstDigitTimeoutMs: 5000 });
    watch.stop();
    detected = await watch.detected;
    t.is(menu.digits, '1');
    handled();
  });
  const sim = await server.services.sim!.network.placeCall({ to: IVR_NUMBER, from: '13900001111' });
  await sim.answered();
  await server.services.telephony!.card.clock.sleep(1500);
  await sim.sendDtmf('1');
  await done;
  await sim.hangUp();
  t.false(detected);
  t.is((await inbound()).length, before);
});

test.serial('a call to the fax number from something that is not a fax machine ends with a T.30 error and is recorded', async (t) => {
  const before = (await inbound()).length;
  const sim = await server.services.sim!.network.placeCall({ to: FAX_NUMBER, from: '13900002222' });
  await sim.answered();
  const cause = await sim.ended;
  t.truthy(cause);
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
  const faxes = await inbound();
  t.is(faxes.length, before + 1);
  const fax = faxes[0]!;
  t.is(fax.status, 'failed');
  t.is(fax.pages, 0);
  t.is(fax.file, null, 'no empty file is kept');
  t.truthy(fax.t30Code);
  t.truthy(fax.t30Text);
  t.log(`silent caller: ${fax.t30Code} ${fax.t30Text}`);
});
