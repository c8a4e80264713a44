/**
 * Roles as data: a tenant's own role, given to an operator, decides what that operator may do
 * over HTTP (200 vs 403), what it sees of the live event stream, and who may hand it out.
 */
import test from 'ava';
import { startTestServer, makeOperator, makeTenant, type TestServer, Client } from '../helpers/server.js';
import { loginAs, openStream } from '../helpers/fixtures.js';
import type { TellerlineEvent } from '../../src/events/types.js';
import { auditRepo } from '../../src/records/store/audit-repo.js';

let ts: TestServer;
let tenantId: string;
let otherTenantId: string;

test.before(async () => {
  ts = await startTestServer();
  tenantId = (await makeTenant(ts.server, 'roles-a')).id;
  otherTenantId = (await makeTenant(ts.server, 'roles-b')).id;
  await makeOperator(ts.server, { tenantId, username: 'roles-admin', role: 'bank_admin' });
  await makeOperator(ts.server, { tenantId, username: 'roles-sup', role: 'supervisor' });
  await makeOperator(ts.server, { tenantId: otherTenantId, username: 'roles-admin-b', role: 'bank_admin' });
});
test.after.always(async () => {
  await ts?.close();
});

const LEAD = { key: 'teller_lead', name: 'Teller lead', description: 'call records and the whole live view', permissions: ['cdr:read', 'events:read', 'operators:read'], eventScope: 'tenant', recordingScope: 'own_teams' };

function sample(): TellerlineEvent[] {
  const at = new Date().toISOString();
  return [
    { type: 'call.offered', tenantId, at, legId: 'leg-own', callId: 'c1', calling: '13800000001', agentId: '9001' },
    { type: 'call.offered', tenantId, at, legId: 'leg-other', callId: 'c2', calling: '13800000002', agentId: '9002' },
    { type: 'span.alarm', tenantId, at, span: 1, state: 'red' },
    { type: 'call.offered', tenantId: otherTenantId, at, legId: 'leg-tenant-b', callId: 'c3', agentId: '9001' },
  ];
}

/** Seen by every viewer of this test: the lead's own agent, own tenant. */
function marker(): TellerlineEvent {
  return { type: 'call.offered', tenantId, at: new Date().toISOString(), legId: 'leg-end-marker', callId: 'c-end', agentId: '9001' };
}

async function watch(client: Client): Promise<string[]> {
  const stream = await openStream(`${ts.url}/api/v1/events`, { cookie: client.cookie! });
  try {
    for (const e of sample()) ts.server.services.bus.publish(e);
    ts.server.services.bus.publish(marker());
    // The bus keeps order: once the marker is in, every earlier event this viewer may see is too,
    // so an event missing from the list was withheld, not late.
    await stream.until((text) => text.includes('"leg-end-marker"'), 'the end marker');
    return [...stream.text.matchAll(/^data: (.*)$/gm)]
      .map((m) => JSON.parse(m[1]!) as TellerlineEvent)
      .map((e) => ('legId' in e && e.legId ? e.legId : e.type))
      .filter((id) => id !== 'leg-end-marker');
  } finally {
    stream.close();
  }
}

test.serial('a custom role, given to an operator, allows exactly its permissions and its live view', async (t) => {
  const admin = await loginAs(ts.url, 'roles-admin');
  const created = await admin.post('/api/v1/roles', LEAD);
  t.is(created.status, 201, created.text);
  t.false(created.body.builtIn);
  t.deepEqual(created.body.permissions, LEAD.permissions);

  const op = await admin.post('/api/v1/operators', { username: 'lead.zhao', displayName: 'Zhao', role: 'teller_lead', password: 'Lead-Password-2026', agentId: '9001' });
  t.is(op.status, 201, op.text);
  t.is(op.body.role, 'teller_lead');

  const lead = await loginAs(ts.url, 'lead.zhao', 'Lead-Password-2026');
  const me = await lead.get('/api/v1/auth/me');
  t.is(me.body.role, 'teller_lead');
  t.deepEqual([...me.body.permissions].sort(), [...LEAD.permissions].sort());
  t.is((await lead.get('/api/v1/cdr')).status, 200);
  t.is((await lead.get('/api/v1/operators')).status, 200);
  const denied = await lead.get('/api/v1/audit-log');
  t.is(denied.status, 403);
  t.is(denied.body.error.code, 'forbidden');
  t.is((await lead.get('/api/v1/trunk-access-log')).status, 403);
  t.is((await lead.post('/api/v1/operators', { username: 'nope.lead', displayName: 'x', role: 'agent', password: 'Whatever-Pass-1' })).status, 403);

  t.deepEqual(await watch(lead), ['leg-own', 'leg-other', 'span.alarm'], 'tenant scope: every event of its own tenant, none of another');

  // Narrow the live view to the operator's own agent: the next request follows.
  const narrowed = await admin.patch('/api/v1/roles/teller_lead', { eventScope: 'own_agent', permissions: ['events:read'] });
  t.is(narrowed.status, 200, narrowed.text);
  t.deepEqual(await watch(lead), ['leg-own']);
  t.is((await lead.get('/api/v1/cdr')).status, 403, 'a permission taken from the role is gone at once');

  // Without events:read there is no live view at all.
  await admin.patch('/api/v1/roles/teller_lead', { permissions: ['cdr:read'] });
  t.is((await lead.get('/api/v1/events')).status, 403);
});

test.serial('the role list is paged, sorted and searched, and holds the built-in roles', async (t) => {
  const admin = await loginAs(ts.url, 'roles-admin');
  await admin.post('/api/v1/roles', { key: 'night_desk', name: 'Night desk', permissions: ['events:read'] });
  const all = await admin.get('/api/v1/roles?limit=500');
  t.is(all.status, 200);
  const keys = all.body.items.map((r: { key: string }) => r.key);
  t.true(keys.includes('bank_admin') && keys.includes('teller_lead') && keys.includes('night_desk'));
  t.false(keys.includes('platform_admin'), 'a bank does not see the platform role');
  const firstPage = await admin.get('/api/v1/roles?limit=2&sort=name&order=desc');
  t.is(firstPage.body.items.length, 2);
  t.is(firstPage.body.nextOffset, 2);
  t.deepEqual(firstPage.body.items.map((r: { name: string }) => r.name), ['Teller lead', 'Supervisor']);
  const searched = await admin.get('/api/v1/roles?q=NIGHT');
  t.deepEqual(searched.body.items.map((r: { key: string }) => r.key), ['night_desk']);
  const custom = await admin.get('/api/v1/roles?builtIn=false');
  t.deepEqual(custom.body.items.map((r: { key: string }) => r.key), ['night_desk', 'teller_lead']);
  const other = await (await loginAs(ts.url, 'roles-admin-b')).get('/api/v1/roles?builtIn=false');
  t.deepEqual(other.body.items, [], "another tenant's roles stay out of sight");
  t.is((await (await loginAs(ts.url, 'roles-admin-b')).get('/api/v1/roles/teller_lead')).status, 404);
});

test.serial('built-in roles cannot be changed or deleted; a role in use cannot be deleted', async (t) => {
  const admin = await loginAs(ts.url, 'roles-admin');
  const patch = await admin.patch('/api/v1/roles/supervisor', { permissions: [] });
  t.is(patch.status, 409);
  t.is(patch.body.error.code, 'built_in_role');
  const del = await admin.delete('/api/v1/roles/agent');
  t.is(del.status, 409);
  t.is(del.body.error.code, 'built_in_role');
  const clash = await admin.post('/api/v1/roles', { ...LEAD, key: 'auditor' });
  t.is(clash.status, 409);
  t.is(clash.body.error.code, 'role_exists');
  const inUse = await admin.delete('/api/v1/roles/teller_lead');
  t.is(inUse.status, 409);
  t.is(inUse.body.error.code, 'role_in_use');
  const gone = await admin.delete('/api/v1/roles/night_desk');
  t.is(gone.status, 204);
  const actions = (await auditRepo.query(ts.server.services.store.knex, tenantId, {}, { limit: 100, offset: 0 })).items.map((e) => `${e.action}:${e.targetId}`);
  t.true(actions.includes('roles.create:teller_lead') && actions.includes('roles.update:teller_lead') && actions.includes('roles.delete:night_desk'), actions.join(' '));
});

test.serial('bad roles get clear errors: unknown role, platform permission, a role granting more than its editor holds', async (t) => {
  const admin = await loginAs(ts.url, 'roles-admin');
  const unknown = await admin.post('/api/v1/operators', { username: 'ghost.role', displayName: 'x', role: 'no_such_role', password: 'Whatever-Pass-1' });
  t.is(unknown.status, 422);
  t.is(unknown.body.error.code, 'unknown_role');
  const platform = await admin.post('/api/v1/roles', { key: 'tenant_maker', name: 'x', permissions: ['tenants:write'] });
  t.is(platform.status, 422);
  t.is(platform.body.error.code, 'permission_not_grantable');
  const badKey = await admin.post('/api/v1/roles', { key: 'Bad Key', name: 'x', permissions: [] });
  t.is(badKey.status, 422);

  // A custom role that manages roles and operators may not grant more than it holds.
  await admin.post('/api/v1/roles', { key: 'role_keeper', name: 'Role keeper', permissions: ['roles:read', 'roles:write', 'operators:read', 'operators:write'] });
  await admin.post('/api/v1/operators', { username: 'keeper.qian', displayName: 'Qian', role: 'role_keeper', password: 'Keeper-Password-2026' });
  const keeper = await loginAs(ts.url, 'keeper.qian', 'Keeper-Password-2026');
  const wider = await keeper.post('/api/v1/roles', { key: 'wider_role', name: 'x', permissions: ['audit:read'] });
  t.is(wider.status, 403);
  t.is(wider.body.error.code, 'role_forbidden');
  const toAdmin = await keeper.post('/api/v1/operators', { username: 'escalate.me', displayName: 'x', role: 'bank_admin', password: 'Whatever-Pass-1' });
  t.is(toAdmin.status, 403);
  t.is(toAdmin.body.error.code, 'role_forbidden');
  const narrower = await keeper.post('/api/v1/roles', { key: 'reader_role', name: 'Reader', permissions: ['operators:read'] });
  t.is(narrower.status, 201, narrower.text);
  t.is((await keeper.post('/api/v1/operators', { username: 'reader.sun', displayName: 'Sun', role: 'reader_role', password: 'Reader-Password-2026' })).status, 201);
});

test.serial('an API token may hold a custom role', async (t) => {
  const admin = await loginAs(ts.url, 'roles-admin');
  const created = await admin.post('/api/v1/api-tokens', { name: 'lead board', role: 'teller_lead' });
  t.is(created.status, 201, created.text);
  const machine = Client.withToken(ts.url, created.body.token);
  t.is((await machine.get('/api/v1/cdr')).status, 200);
  t.is((await machine.get('/api/v1/operators')).status, 403);
});
