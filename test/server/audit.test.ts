/**
 * Every write endpoint leaves an audit entry (who, tenant, action, target, when, from where,
 * before/after), and no audit entry holds a password, a hash or a token. The list of write
 * endpoints comes from the route registry: a new one that is not exercised here fails the test.
 */
import test from 'ava';
import { appModules } from '../helpers/app-modules.js';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, Client, makeOperator, makeTenant, type TestServer } from '../helpers/server.js';
import { buildWorld, loginAs, pathFor, type World } from '../helpers/fixtures.js';
import { UNSAFE_METHODS, type AnyRoute } from '../../src/http/routes.js';
import { roleHas } from '../../src/auth/permissions.js';
import { faxFixtures } from '../fax/fixtures.js';
import { outboundFixtures, outboundImportForm } from '../outbound/fixtures.js';

let ts: TestServer;
let world: World;

const LOGIN_PASSWORD = 'correct horse battery staple';
const OLD_PASSWORD = 'old Password 1';

test.before(async () => {
  ts = await startTestServer({ modules: appModules() });
  world = await buildWorld(ts.server);
  await makeOperator(ts.server, { tenantId: world.a.tenant.id, username: 'admin', role: 'supervisor', password: LOGIN_PASSWORD });
});
test.after.always(async () => {
  await ts?.close();
});

/** Fresh objects for a route's path parameters, so that deleting them harms no other case. */
async function freshIds(): Promise<Record<string, string>> {
  const s = ts.server.services;
  const tenant = await makeTenant(ts.server, `fresh-${randomUUID().slice(0, 8)}`);
  const op = await makeOperator(ts.server, { tenantId: world.a.tenant.id, username: `fresh-${randomUUID().slice(0, 8)}`, role: 'agent' });
  const { record } = await s.auth.createApiToken(s.store.knex, { tenantId: world.a.tenant.id, name: 'fresh', role: 'agent', createdBy: null, expiresAt: null });
  const fax = await faxFixtures(ts.server, world.a.tenant.id, `fresh${randomUUID().slice(0, 4)}`, '137');
  // Roles as data: a custom role nobody holds; voice prompts: an uploaded recording to revert
  const { customRolesRepo } = await import('../../src/auth/store/custom-roles-repo.js');
  const role = await customRolesRepo.insert(s.store.knex, { id: randomUUID(), tenantId: world.a.tenant.id, key: `fresh_${randomUUID().slice(0, 8)}`, name: 'fresh', description: '', permissions: ['cdr:read'], eventScope: 'tenant', recordingScope: 'tenant' });
  mkdirSync(join(ts.dir, 'data', 'prompts', 'zh'), { recursive: true });
  copyFileSync(join('var', 'prompts', 'zh', 'goodbye.wav'), join(ts.dir, 'data', 'prompts', 'zh', 'goodbye.wav'));
  // The dial plan: an entry of a fresh number to change or remove
  const { dialPlanStore } = await import('../../src/telephony/store/dial-plans-repo.js');
  const plan = await dialPlanStore.loadOrSeed(s.store.knex, s.config.telephony.dialPlan);
  const number = `96${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  await dialPlanStore.save(s.store.knex, [...plan.entries, { number, target: { kind: 'line-test' }, lang: 'zh', tenant: 'bank' }], plan.version, 'test');
  const outbound = await outboundFixtures(ts.server, world.a.tenant.id, `fresh${randomUUID().slice(0, 4)}`, '136');
  return { tenants: tenant.id, operators: op.id, apiTokens: record.id, ...fax.ids, ...outbound.ids, roles: role.key, voicePrompts: 'goodbye', dialPlan: number, trunks: '1' };
}

/** Uploads go as multipart/form-data, like a browser sends them. */
function multipartFor(route: AnyRoute): FormData | undefined {
  if (route.id === 'voicePrompts.upload') {
    const form = new FormData();
    form.set('file', new Blob([readFileSync(join('var', 'prompts', 'zh', 'welcome.wav'))]), 'welcome.wav');
    return form;
  }
  if (route.id === 'outboundCampaigns.import') return outboundImportForm();
  if (route.id !== 'faxDocuments.upload') return undefined;
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==', 'base64');
  const form = new FormData();
  form.set('code', `audit-${randomUUID().slice(0, 8)}`);
  form.set('title', 'audit upload');
  form.set('file', new Blob([png]), 'page.png');
  return form;
}

/** The example body, naming fresh objects where the body refers to one (a fax job sends a document). */
function bodyFor(route: AnyRoute, ids: Record<string, string>): unknown {
  if (route.id === 'faxJobs.create') return { ...(route.example?.body as Record<string, unknown>), documentId: ids['faxDocuments'] };
  return route.example?.body;
}

/** Who performs a route: tenant A's bank administrator when allowed, else the platform administrator. */
async function actorFor(route: AnyRoute): Promise<{ client: Client; username: string | null }> {
  if (route.id === 'auth.login') return { client: new Client(ts.url), username: null };
  if (route.id === 'auth.changePassword') {
    const username = `pw-${randomUUID().slice(0, 8)}`;
    await makeOperator(ts.server, { tenantId: world.a.tenant.id, username, role: 'agent', password: OLD_PASSWORD });
    return { client: await loginAs(ts.url, username, OLD_PASSWORD), username };
  }
  if (route.access === 'public' || route.access === 'authenticated' || roleHas('bank_admin', route.access)) {
    return { client: await loginAs(ts.url, world.a.users['bank_admin']!), username: world.a.users['bank_admin']! };
  }
  return { client: await loginAs(ts.url, world.platformAdmin), username: world.platformAdmin };
}

async function auditCount(): Promise<number> {
  const row = (await ts.server.services.store.knex('audit_log').count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
}

test.serial('every write endpoint records an audit entry with who, what, target, when and where', async (t) => {
  const knex = ts.server.services.store.knex;
  // The ACD's writes need queues, agents and sometimes a live call on a card: their audit walk
  // is test/acd-live/route-walk.test.ts (and the supervisor actions, in call-control-audio).
  // Preview dialling needs an agent's seat and a running preview campaign on a card: its audit
  // entries are checked in test/outbound/dialler-preview.test.ts.
  const walkedElsewhere = (r: AnyRoute) => r.id.startsWith('acd') || r.id.startsWith('recordings') || r.id.startsWith('outboundPreview');
  const writes = ts.server.services.routes.list().filter((r) => UNSAFE_METHODS.has(r.method) && r.audit !== false && !walkedElsewhere(r));
  t.true(writes.length >= 10);
  for (const route of writes) {
    const ids = await freshIds();
    const { client, username } = await actorFor(route);
    const before = await auditCount();
    const startedAt = new Date(Date.now() - 1000).toISOString();
    const form = multipartFor(route);
    const res = form
      ? await fetch(`${ts.url}${pathFor(route, ids)}`, { method: route.method, body: form, headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf! } }).then(async (r) => ({ status: r.status, text: await r.text() }))
      : await client.request(route.method, pathFor(route, ids), route.body ? bodyFor(route, ids) : undefined);
    t.true(res.status >= 200 && res.status < 300, `${route.id} should succeed for the audit check: ${res.status} ${res.text}`);
    t.is(await auditCount(), before + 1, `${route.id} wrote exactly one audit entry`);
    const entry = await knex('audit_log').orderBy('at', 'desc').first();
    t.is(entry.action, route.id, route.id);
    t.is(entry.outcome, 'ok');
    t.regex(entry.ip ?? '', /127\.0\.0\.1/, `${route.id} records the client address`);
    t.true(new Date(String(entry.at).replace(' ', 'T') + (String(entry.at).endsWith('Z') ? '' : 'Z')).toISOString() >= startedAt);
    if (username) t.is(entry.actor_name, username, `${route.id} names the actor`);
    else t.is(entry.actor_kind, 'operator');
    if (route.path.includes(':')) t.is(entry.target_id, ids[route.resource], `${route.id} names its target`);
    t.truthy(entry.tenant_id, `${route.id} names the tenant`);
  }
});

test.serial('failed logins and refused writes are audited too', async (t) => {
  const knex = ts.server.services.store.knex;
  const res = await new Client(ts.url).request('POST', '/api/v1/auth/login', { username: world.a.users['agent'], password: 'wrong-password' });
  t.is(res.status, 401);
  const failed = await knex('audit_log').where({ action: 'auth.login', outcome: 'failed' }).orderBy('at', 'desc').first();
  t.is(failed.actor_name, world.a.users['agent']);
  t.is(failed.tenant_id, world.a.tenant.id);

  const agent = await loginAs(ts.url, world.a.users['agent']!);
  const denied = await agent.post('/api/v1/operators', { username: 'sneaky', displayName: 'x', role: 'bank_admin', password: 'Sneaky-Pass-123' });
  t.is(denied.status, 403);
  const entry = await knex('audit_log').where({ action: 'operators.create', outcome: 'denied' }).first();
  t.is(entry.actor_name, world.a.users['agent']);
});

test.serial('audit before/after never hold passwords, hashes or tokens', async (t) => {
  const admin = await loginAs(ts.url, world.a.users['bank_admin']!);
  const created = await admin.post('/api/v1/operators', { username: 'canary.user', displayName: 'Canary', role: 'agent', password: 'Canary-Secret-777' });
  t.is(created.status, 201);
  const reset = await admin.patch(`/api/v1/operators/${created.body.id}`, { password: 'Canary-Secret-888' });
  t.is(reset.status, 200);
  const token = await admin.post('/api/v1/api-tokens', { name: 'canary token', role: 'auditor' });
  t.is(token.status, 201);
  const audit = await admin.get('/api/v1/audit-log?targetId=' + created.body.id);
  const update = audit.body.items.find((i: { action: string }) => i.action === 'operators.update');
  t.is(update.after.passwordReset, true);
  t.is(update.before.displayName, 'Canary');

  const dump = JSON.stringify(await ts.server.services.store.knex('audit_log').select());
  for (const secret of ['Canary-Secret-777', 'Canary-Secret-888', token.body.token, 'scrypt$', LOGIN_PASSWORD, OLD_PASSWORD]) {
    t.false(dump.includes(secret), `audit log holds ${secret.slice(0, 12)}...`);
  }
});
