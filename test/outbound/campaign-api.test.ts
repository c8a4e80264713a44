/**
 * The outbound API end to end on a server: campaign state changes and their audit entries, an
 * import over HTTP (dry run, then real), the numbers paged by the server, the do-not-call list
 * and the dial guard that refuses its numbers, and tenant isolation of campaigns.
 */
import test from 'ava';
import iconv from 'iconv-lite';
import { startTestServer, makeOperator, makeTenant, type TestServer, Client } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';
import { outboundModule } from '../../src/outbound/module.js';

let ts: TestServer;
let tenantA: string;
let tenantB: string;

test.before(async () => {
  ts = await startTestServer({ modules: [outboundModule()] });
  tenantA = (await makeTenant(ts.server, 'ob-alpha')).id;
  tenantB = (await makeTenant(ts.server, 'ob-bravo')).id;
  await makeOperator(ts.server, { tenantId: tenantA, username: 'ob-admin-a', role: 'bank_admin' });
  await makeOperator(ts.server, { tenantId: tenantA, username: 'ob-super-a', role: 'supervisor' });
  await makeOperator(ts.server, { tenantId: tenantB, username: 'ob-admin-b', role: 'bank_admin' });
});
test.after.always(async () => {
  await ts?.close();
});

function upload(client: Client, path: string, bytes: Uint8Array, fileName: string) {
  const form = new FormData();
  form.set('file', new Blob([bytes]), fileName);
  return fetch(`${ts.url}${path}`, { method: 'POST', body: form, headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf! } }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
}

async function auditOf(targetId: string, action: string) {
  return ts.server.services.store.knex('audit_log').where({ target_id: targetId, action }).orderBy('at');
}

test.serial('a campaign goes draft → running → paused → running → stopped, each change audited; wrong moves are refused', async (t) => {
  const admin = await loginAs(ts.url, 'ob-admin-a');
  const created = await admin.post('/api/v1/outbound/campaigns', { name: 'Payment due', callingNumber: '95588' });
  t.is(created.status, 201, created.text);
  t.like(created.body, { state: 'draft', maxAttemptsPerDay: 3, recordingPolicy: 'answered', tenantId: tenantA });
  t.is(created.body.retryRules.busy.retries, 3);
  const id = created.body.id as string;
  const path = `/api/v1/outbound/campaigns/${id}/state`;

  const refused = await admin.post(path, { action: 'pause' });
  t.is(refused.status, 409);
  t.is(refused.body.error.code, 'outbound_campaign_state');
  for (const [action, state] of [['start', 'running'], ['pause', 'paused'], ['resume', 'running'], ['stop', 'stopped']] as const) {
    const res = await admin.post(path, { action });
    t.is(res.status, 200, `${action}: ${res.text}`);
    t.is(res.body.state, state);
  }
  t.is((await admin.post(path, { action: 'start' })).body.error.code, 'outbound_campaign_state', 'stopped is final');
  t.is((await admin.patch(`/api/v1/outbound/campaigns/${id}`, { maxLines: 2 })).body.error.code, 'outbound_campaign_stopped');

  const entries = await auditOf(id, 'outboundCampaigns.changeState');
  t.deepEqual(
    entries.map((e: any) => [JSON.parse(e.before_json).state, JSON.parse(e.after_json).action, JSON.parse(e.after_json).state]),
    [
      ['draft', 'start', 'running'],
      ['running', 'pause', 'paused'],
      ['paused', 'resume', 'running'],
      ['running', 'stop', 'stopped'],
    ],
  );
  t.true(entries.every((e: any) => e.actor_name === 'ob-admin-a' && e.tenant_id === tenantA && e.outcome === 'ok'));

  const supervisor = await loginAs(ts.url, 'ob-super-a');
  t.is((await supervisor.get(`/api/v1/outbound/campaigns/${id}`)).status, 200, 'supervisors follow campaigns');
  t.is((await supervisor.post(path, { action: 'stop' })).status, 403, 'but do not run them');
  t.is((await admin.delete(`/api/v1/outbound/campaigns/${id}`)).status, 204);
  t.is((await admin.get(`/api/v1/outbound/campaigns/${id}`)).status, 404);
});

test.serial('an import over HTTP: the dry run reports and stores nothing, the real one stores; numbers are paged', async (t) => {
  const admin = await loginAs(ts.url, 'ob-admin-a');
  const id = (await admin.post('/api/v1/outbound/campaigns', { name: 'Survey', callingNumber: '95588' })).body.id as string;
  const dnc = await admin.post('/api/v1/outbound/do-not-call', { phone: '0755-8888 0003', note: 'complained' });
  t.is(dnc.status, 201, dnc.text);
  t.is(dnc.body.phone, '075588880003');
  t.is((await admin.post('/api/v1/outbound/do-not-call', { phone: '075588880003' })).body.error.code, 'outbound_dnc_exists');
  t.is((await admin.post('/api/v1/outbound/do-not-call', { phone: 'call me' })).body.error.code, 'outbound_bad_number');

  const rows = ['号码,姓名'];
  for (let i = 0; i < 60; i++) rows.push(`0755888800${String(i).padStart(2, '0')},客户${i}`);
  rows.push('075588880001,重复', 'abc,坏号码');
  const bytes = iconv.encode(rows.join('\r\n'), 'gb18030');
  const importPath = `/api/v1/outbound/campaigns/${id}/numbers/import`;

  const dry = await upload(admin, `${importPath}?dryRun=true`, bytes, '名单.csv');
  t.is(dry.status, 200, JSON.stringify(dry.body));
  t.like(dry.body, { dryRun: true, encoding: 'gb18030', phoneColumn: '号码', rows: 62, accepted: 59, stored: 0 });
  t.deepEqual(dry.body.refused.map((r: any) => [r.rowNumber, r.reason]), [[5, 'do_not_call'], [62, 'duplicate_in_file'], [63, 'bad_number']]);
  t.is((await admin.get(`/api/v1/outbound/campaigns/${id}/numbers`)).body.items.length, 0, 'the dry run stored nothing');

  const real = await upload(admin, importPath, bytes, '名单.csv');
  t.like(real.body, { dryRun: false, accepted: 59, stored: 59 });
  const first = await admin.get(`/api/v1/outbound/campaigns/${id}/numbers?limit=50`);
  t.is(first.body.items.length, 50);
  t.is(first.body.nextOffset, 50);
  t.like(first.body.items[0], { phone: '075588880000', variables: { 姓名: '客户0' }, attempts: 0 });
  const second = await admin.get(`/api/v1/outbound/campaigns/${id}/numbers?limit=50&offset=50`);
  t.is(second.body.items.length, 9);
  t.is(second.body.nextOffset, null);
  const audit = await auditOf(id, 'outboundCampaigns.import');
  t.deepEqual(audit.map((e: any) => JSON.parse(e.after_json).stored).sort((x: number, y: number) => x - y), [0, 59], 'both imports are audited');

  const unreadable = await upload(admin, importPath, Buffer.from('name\nx\n'), 'list.csv');
  t.is(unreadable.status, 422);
  t.is(unreadable.body.error.code, 'outbound_import_unreadable');
});

test.serial('a do-not-call number is never dialled, also when listed after the import', async (t) => {
  const admin = await loginAs(ts.url, 'ob-admin-a');
  const guard = ts.server.services.outbound!.guard;
  t.deepEqual(await guard.mayDial(tenantA, '138-0000-9999'), { allowed: true, phone: '13800009999' });
  const added = await admin.post('/api/v1/outbound/do-not-call', { phone: '13800009999' });
  t.deepEqual(await guard.mayDial(tenantA, '138 0000 9999'), { allowed: false, reason: 'do_not_call' });
  t.deepEqual(await guard.mayDial(tenantB, '13800009999'), { allowed: true, phone: '13800009999' }, 'another tenant\'s list does not apply');
  t.deepEqual(await guard.mayDial(tenantA, 'not a number'), { allowed: false, reason: 'bad_number' });
  t.is((await admin.delete(`/api/v1/outbound/do-not-call/${added.body.id}`)).status, 204);
  t.true((await guard.mayDial(tenantA, '13800009999')).allowed, 'off the list, it may be dialled again');
});

test.serial('one tenant neither sees nor changes another tenant\'s campaigns', async (t) => {
  const a = await loginAs(ts.url, 'ob-admin-a');
  const b = await loginAs(ts.url, 'ob-admin-b');
  const id = (await a.post('/api/v1/outbound/campaigns', { name: 'Alpha only', callingNumber: '95588' })).body.id as string;
  t.is((await b.post('/api/v1/outbound/campaigns', { name: 'Alpha only', callingNumber: '95599' })).status, 201, 'names are per tenant');
  t.false((await b.get('/api/v1/outbound/campaigns')).body.items.some((c: any) => c.id === id));
  t.is((await b.get(`/api/v1/outbound/campaigns/${id}`)).status, 404);
  t.is((await b.get(`/api/v1/outbound/campaigns/${id}/numbers`)).status, 404);
  t.is((await b.post(`/api/v1/outbound/campaigns/${id}/state`, { action: 'start' })).status, 404);
  t.is((await b.patch(`/api/v1/outbound/campaigns/${id}`, { name: 'taken over' })).status, 404);
  t.is((await b.delete(`/api/v1/outbound/campaigns/${id}`)).status, 404);
  t.is((await upload(b, `/api/v1/outbound/campaigns/${id}/numbers/import`, Buffer.from('phone\n13800000001\n'), 'x.csv')).status, 404);
  t.is((await b.get(`/api/v1/outbound/campaigns?tenantId=${tenantA}`)).status, 403);
  const after = await a.get(`/api/v1/outbound/campaigns/${id}`);
  t.like(after.body, { name: 'Alpha only', state: 'draft' });
  t.is((await a.post('/api/v1/outbound/campaigns', { name: 'Alpha only', callingNumber: '95588' })).body.error.code, 'outbound_campaign_name_taken');
});

test.serial('campaign settings are validated: calling number, windows, retry rules; a rename may not take another name', async (t) => {
  const admin = await loginAs(ts.url, 'ob-admin-a');
  const bad = async (body: unknown) => {
    const res = await admin.post('/api/v1/outbound/campaigns', body);
    t.is(res.status, 422, JSON.stringify(body));
    t.is(res.body.error.code, 'validation_failed');
    return res.body.error.details.map((d: { path: string }) => d.path) as string[];
  };
  t.deepEqual(await bad({ name: 'x', callingNumber: '955 88' }), ['body.callingNumber']);
  t.deepEqual(await bad({ name: 'x', callingNumber: '95588', timeWindows: [{ days: [1], from: '18:00', to: '09:00' }] }), ['body.timeWindows.0.to']);
  t.true((await bad({ name: 'x', callingNumber: '95588', retryRules: { busy: { retries: 1, intervalMinutes: 5 } } })).some((p) => p.startsWith('body.retryRules')));
  t.deepEqual(await bad({ name: 'x', callingNumber: '95588', maxLines: 0 }), ['body.maxLines']);
  t.is((await admin.get('/api/v1/outbound/campaigns?limit=500')).body.items.filter((c: any) => c.name === 'x').length, 0, 'nothing was created');

  const one = (await admin.post('/api/v1/outbound/campaigns', { name: 'First', callingNumber: '95588' })).body;
  await admin.post('/api/v1/outbound/campaigns', { name: 'Second', callingNumber: '95588' });
  const rename = await admin.patch(`/api/v1/outbound/campaigns/${one.id}`, { name: 'Second' });
  t.is(rename.status, 409);
  t.is(rename.body.error.code, 'outbound_campaign_name_taken');
  const edited = await admin.patch(`/api/v1/outbound/campaigns/${one.id}`, { maxAttemptsPerDay: 1, timeWindows: [{ days: [6, 7], from: '10:00', to: '12:00' }] });
  t.like(edited.body, { name: 'First', maxAttemptsPerDay: 1 });
  t.deepEqual(edited.body.timeWindows, [{ days: [6, 7], from: '10:00', to: '12:00' }]);
  t.is((await admin.post(`/api/v1/outbound/campaigns/${one.id}/state`, { action: 'start' })).status, 200);
  const busy = await admin.delete(`/api/v1/outbound/campaigns/${one.id}`);
  t.is(busy.status, 409);
  t.is(busy.body.error.code, 'outbound_campaign_in_use');
});
