/**
 * Fax on demand: the bank uploads documents (converted to TIFF/F at upload; what cannot be
 * faxed is refused with the document layer's code and message), lists, previews and deletes
 * them -- each write audited --, and callers receive them on their call or by a queued fax.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Koa from 'koa';
import { authenticate } from '../../src/auth/middleware.js';
import { errorMiddleware } from '../../src/http/error-middleware.js';
import { DomainError } from '../../src/http/domain-error.js';
import { statusOfKind } from '../../src/http/error-status.js';
import { routeMiddleware } from '../../src/http/routes.js';
import { closeFaxDocuments, compareFaxImages, faxDocumentInfo } from '../../src/fax/documents/index.js';
import { receiveMultipartUpload } from '../../src/http/multipart-upload.js';
import { faxRoutes } from '../../src/fax/routes/fax-routes.js';
import type { FaxOutcome } from '../../src/telephony/ports.js';
import { placeFaxCall } from '../../src/telephony/simnet/sim-fax.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { makeOperator, makeTenant, quietLogger } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';
import { makePdf } from '../fax-documents/helpers/make-pdf.js';
import { IVR_NUMBER, jobSettled, lineQuiet, promptPlayed, removeScratch, scratch, startFaxServer, type FaxTestServer } from './helpers.js';

let server: FaxTestServer;
let dir: string;

test.before(async () => {
  server = await startFaxServer();
  dir = await scratch('on-demand');
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'docs-admin', role: 'bank_admin' });
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'docs-supervisor', role: 'supervisor' });
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'docs-agent', role: 'agent' });
  const other = await makeTenant(server.server, 'docs-other', 'Other bank');
  await makeOperator(server.server, { tenantId: other.id, username: 'docs-stranger', role: 'bank_admin' });
});
test.after.always(async () => {
  await server?.stop();
  await closeFaxDocuments();
  await removeScratch(dir);
});

const b64 = (buf: Buffer) => buf.toString('base64');

async function auditOf(action: string) {
  return server.services.store.knex('audit_log').where({ action }).orderBy('at', 'desc');
}

test.serial('upload converts to TIFF/F, lists, previews; refusals carry the document layer\'s code and are audited', async (t) => {
  const admin = await loginAs(server.url, 'docs-admin');
  const created = await admin.post('/api/v1/fax-documents', { code: 'deposit-rates', title: '存款利率表 Deposit rates', fileName: 'rates.pdf', contentBase64: b64(makePdf({ pages: 2 })) });
  t.is(created.status, 201, created.text);
  t.is(created.body.pages, 2);
  t.is(created.body.originalType, 'pdf');
  t.is(created.body.resolution, 'fine');
  t.false('file' in created.body);
  const id = created.body.id as string;
  const [entry] = await auditOf('faxDocuments.create');
  t.is(entry.target_id, id);
  t.is(entry.outcome, 'ok');
  t.is(entry.actor_name, 'docs-admin');

  const stored = server.fax.files.abs(`${DEFAULT_BANK_TENANT_ID}/documents/${id}.tiff`);
  const info = await faxDocumentInfo(stored);
  t.true(info.sendable, info.problems.join('; '));
  t.is(info.pageInfo[0]!.width, 1728);

  const garbage = await admin.post('/api/v1/fax-documents', { code: 'notes', title: 'Notes', contentBase64: b64(Buffer.from('just some text, not a document\n'.repeat(20))) });
  t.is(garbage.status, 422);
  t.is(garbage.body.error.code, 'fax_doc_unsupported');
  t.regex(garbage.body.error.message, /PDF, PNG, JPEG or TIFF/);
  const locked = await admin.post('/api/v1/fax-documents', { code: 'locked', title: 'Locked', contentBase64: b64(makePdf({ pages: 1, encryptedWithUnknownPassword: true })) });
  t.is(locked.status, 422);
  t.is(locked.body.error.code, 'fax_doc_encrypted');
  const failed = await auditOf('faxDocuments.create');
  t.deepEqual(failed.filter((e) => e.outcome === 'failed').map((e) => JSON.parse(e.after_json).error).sort(), ['fax_doc_encrypted', 'fax_doc_unsupported']);
  const taken = await admin.post('/api/v1/fax-documents', { code: 'deposit-rates', title: 'Again', contentBase64: b64(makePdf({ pages: 1 })) });
  t.is(taken.status, 409);
  t.is(taken.body.error.code, 'fax_document_code_taken');
  const documentsDir = join(server.fax.files.root, DEFAULT_BANK_TENANT_ID, 'documents');
  t.deepEqual((await readdir(documentsDir)).filter((n) => n.endsWith('.tiff')), [`${id}.tiff`], 'nothing left behind by refused uploads');

  const list = await admin.get('/api/v1/fax-documents');
  t.deepEqual(list.body.items.map((d: { code: string }) => d.code), ['deposit-rates']);
  const png = await fetch(`${server.url}/api/v1/fax-documents/${id}/png?page=2`, { headers: { cookie: admin.cookie! } });
  t.is(png.status, 200);
  t.is(png.headers.get('content-type'), 'image/png');
  t.is((await admin.get(`/api/v1/fax-documents/${id}/png?page=3`)).status, 404);

  const supervisor = await loginAs(server.url, 'docs-supervisor');
  t.is((await supervisor.get('/api/v1/fax-documents')).status, 200);
  t.is((await supervisor.post('/api/v1/fax-documents', { code: 'x', title: 'x', contentBase64: b64(makePdf({ pages: 1 })) })).status, 403);
  t.is((await (await loginAs(server.url, 'docs-agent')).get('/api/v1/fax-documents')).status, 403);
  const stranger = await loginAs(server.url, 'docs-stranger');
  t.is((await stranger.get(`/api/v1/fax-documents/${id}`)).status, 404);
  t.is((await stranger.delete(`/api/v1/fax-documents/${id}`)).status, 404);
  t.deepEqual((await stranger.get('/api/v1/fax-documents')).body.items, []);
});

test.serial('a caller receives a fax-on-demand document on the call, and another by a queued fax', async (t) => {
  const admin = await loginAs(server.url, 'docs-admin');
  const created = await admin.post('/api/v1/fax-documents', { code: 'fees', title: '服务收费标准 Fees', contentBase64: b64(makePdf({ pages: 3 })) });
  t.is(created.status, 201, created.text);
  const tiff = server.fax.files.abs(`${DEFAULT_BANK_TENANT_ID}/documents/${created.body.id}.tiff`);
  server.services.sim!.network.setLine('63000001', { kind: 'fax', ringMs: 500, receiveInto: join(dir, 'queued.tiff') });

  const outcomes: FaxOutcome[] = [];
  let handled!: () => void;
  const done = new Promise<void>((r) => (handled = r));
  server.onIvrCall(async (ctx) => {
    await ctx.session.answer();
    // The menu's action names the document by its code.
    outcomes.push(await server.faxes.queueOutbound(ctx, { kind: 'document', documentId: 'fees' }, '63000001'));
    outcomes.push(await server.faxes.sendToCaller(ctx, { kind: 'document', documentId: 'fees' }));
    handled();
  });
  const received = join(dir, 'on-call.tiff');
  const call = await placeFaxCall(server.services.telephony!.card, server.services.sim!.network, { to: IVR_NUMBER, from: '13800001234', receiveInto: received, startWhen: promptPlayed(server, 'fax.press_start') });
  await done;
  t.true(call.record?.result?.success, call.record?.result?.text);
  t.is(outcomes[0]!.kind, 'queued');
  t.deepEqual(outcomes[1], { kind: 'sent', pages: 3 });
  t.true((await compareFaxImages(tiff, received)).identical);

  const job = await jobSettled(server, outcomes[0]!.kind === 'queued' ? outcomes[0]!.jobId : '');
  t.is(job.status, 'sent');
  t.is(job.documentLabel, '服务收费标准 Fees');
  t.truthy(job.legId, 'the job remembers the call that asked for it');
  t.true((await compareFaxImages(tiff, join(dir, 'queued.tiff'))).identical);
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
});

test.serial('delete removes the document and its files (audited); callers then get a clear failure', async (t) => {
  const admin = await loginAs(server.url, 'docs-admin');
  const doc = (await admin.get('/api/v1/fax-documents')).body.items.find((d: { code: string }) => d.code === 'deposit-rates');
  const stored = server.fax.files.abs(`${DEFAULT_BANK_TENANT_ID}/documents/${doc.id}.tiff`);
  t.true(existsSync(stored));
  const res = await admin.delete(`/api/v1/fax-documents/${doc.id}`);
  t.is(res.status, 204);
  t.false(existsSync(stored));
  t.false(existsSync(`${stored}.pages`), 'its preview pages too');
  const [entry] = await auditOf('faxDocuments.delete');
  t.is(entry.target_id, doc.id);
  t.is((await admin.get(`/api/v1/fax-documents/${doc.id}`)).status, 404);
  t.deepEqual(await server.fax.port.queueJob({ tenantId: DEFAULT_BANK_TENANT_ID, legId: null, document: { kind: 'document', documentId: 'deposit-rates' }, number: '63000001' }), { kind: 'failed', reason: 'no-such-document' });
});

test.serial('multipart upload: the route, with the registry\'s checks and audit', async (t) => {
  // app.ts answers 415 to any non-JSON body before routes run (see the fax README); this app
  // mounts the same route middleware without that gate, as app.ts will once it lets
  // multipart/form-data through.
  const route = faxRoutes.find((r) => r.id === 'faxDocuments.upload')!;
  const app = new Koa();
  app.use(errorMiddleware(quietLogger()));
  app.use(authenticate(server.services.auth));
  app.use(routeMiddleware(route, server.services) as unknown as Koa.Middleware);
  const http: Server = createHttpServer(app.callback());
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => http.close(() => r())));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const admin = await loginAs(server.url, 'docs-admin');
  const form = (code: string, file: Buffer, name = 'forms.pdf') => {
    const f = new FormData();
    f.set('code', code);
    f.set('title', '业务申请表 Application forms');
    f.set('file', new Blob([file]), name);
    return f;
  };
  const post = (body: FormData, csrf = admin.csrf!) => fetch(`${base}/api/v1/fax-documents/upload`, { method: 'POST', body, headers: { cookie: admin.cookie!, 'x-csrf-token': csrf } });

  const ok = await post(form('forms', makePdf({ pages: 2 })));
  t.is(ok.status, 201);
  const body = (await ok.json()) as { id: string; pages: number; originalName: string };
  t.is(body.pages, 2);
  t.is(body.originalName, 'forms.pdf');
  t.is((await auditOf('faxDocuments.upload'))[0].target_id, body.id);
  const bad = await post(form('forms-2', Buffer.from('GIF89a not supported')));
  t.is(bad.status, 422);
  t.is(((await bad.json()) as { error: { code: string } }).error.code, 'fax_doc_unsupported');
  t.is((await post(form('forms-3', makePdf({ pages: 1 })), 'wrong')).status, 403, 'CSRF is checked');
  const noFile = new FormData();
  noFile.set('code', 'forms-4');
  noFile.set('title', 'x');
  t.is((await post(noFile)).status, 400);
  const badCode = await post(form('Not A Code!', makePdf({ pages: 1 })));
  t.is(badCode.status, 422);
});

test('multipart parser: limits while streaming, one file, fields', async (t) => {
  const http = createHttpServer(async (req, res) => {
    try {
      const got = await receiveMultipartUpload(req, { maxBytes: 1000, fileField: 'file' });
      const content = await readFile(got.path);
      res.end(JSON.stringify({ size: got.size, content: content.toString(), name: got.fileName, fields: got.fields }));
    } catch (err) {
      // The status the error middleware would give the refusal's kind.
      res.statusCode = err instanceof DomainError ? statusOfKind[err.kind] : 500;
      res.end(JSON.stringify({ code: (err as { code?: string }).code }));
    }
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => http.close(() => r())));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  const small = new FormData();
  small.set('title', 'T');
  small.set('file', new Blob(['hello']), 'a.txt');
  t.deepEqual(await (await fetch(url, { method: 'POST', body: small })).json(), { size: 5, content: 'hello', name: 'a.txt', fields: { title: 'T' } });
  const big = new FormData();
  big.set('file', new Blob([Buffer.alloc(5000, 1)]), 'big.bin');
  const tooBig = await fetch(url, { method: 'POST', body: big });
  t.is(tooBig.status, 413);
  const json = await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  t.is(json.status, 415);
});
