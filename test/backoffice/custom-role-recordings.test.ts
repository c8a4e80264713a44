/**
 * Recordings' team rule for custom roles: a role whose recording scope is 'own_teams' hears only
 * the teams its operator looks after (like a supervisor); 'tenant' hears the whole tenant.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { appModules } from '../helpers/app-modules.js';
import { startTestServer, makeOperator, makeTenant, type TestServer } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';
import { recordingsRepo } from '../../src/acd/store/recordings-repo.js';

let ts: TestServer;
let tenantId: string;

test.before(async () => {
  ts = await startTestServer({ modules: appModules() });
  tenantId = (await makeTenant(ts.server, 'rec-roles')).id;
  await makeOperator(ts.server, { tenantId, username: 'rec-admin', role: 'bank_admin' });
  for (const team of ['north', 'south']) {
    await recordingsRepo.insert(ts.server.services.store.knex, { id: randomUUID(), tenantId, callId: `call-${team}`, legId: null, agentId: `agent-${team}`, queueId: null, team, calling: '13800000000', called: '95588', startedAt: new Date().toISOString(), endedAt: null, durationMs: null, file: `${team}.wav`, bytes: null, status: 'complete' });
  }
});
test.after.always(async () => {
  await ts?.close();
});

test('a custom role hears the recordings its scope allows', async (t) => {
  const admin = await loginAs(ts.url, 'rec-admin');
  t.is((await admin.post('/api/v1/roles', { key: 'team_lead', name: 'Team lead', permissions: ['recordings:read'], recordingScope: 'own_teams' })).status, 201);
  t.is((await admin.post('/api/v1/roles', { key: 'quality', name: 'Quality', permissions: ['recordings:read'], recordingScope: 'tenant' })).status, 201);
  const lead = await admin.post('/api/v1/operators', { username: 'lead.north', displayName: 'Lead', role: 'team_lead', password: 'Lead-North-2026' });
  await admin.post('/api/v1/operators', { username: 'quality.one', displayName: 'QA', role: 'quality', password: 'Quality-One-2026' });
  const teams = await admin.request('PUT', `/api/v1/acd/supervisors/${lead.body.id}/teams`, { teams: ['north'] });
  t.is(teams.status, 200, teams.text);

  const asLead = await (await loginAs(ts.url, 'lead.north', 'Lead-North-2026')).get('/api/v1/recordings');
  t.is(asLead.status, 200, asLead.text);
  t.deepEqual(asLead.body.items.map((r: { team: string }) => r.team), ['north']);
  const asQuality = await (await loginAs(ts.url, 'quality.one', 'Quality-One-2026')).get('/api/v1/recordings');
  t.deepEqual(asQuality.body.items.map((r: { team: string }) => r.team).sort(), ['north', 'south']);
});
