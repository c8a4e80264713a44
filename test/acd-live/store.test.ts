/**
 * The ACD's store on both databases: configuration round trips (queues, agents with
 * memberships, entry points, calendar, supervisors' teams), the activity written behind the
 * calls (agent states, state changes with the state at the start of a range, visits, surveys)
 * and recording metadata with the team filter.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { useBackends } from '../helpers/backends.js';
import { openStore } from '../../src/store/store.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { acdConfigRepo } from '../../src/acd/store/config-repo.js';
import { ActivityWriter, acdActivityRepo } from '../../src/acd/store/activity-repo.js';
import { agentInputSchema, calendarSchema, entryPointInputSchema, queueInputSchema } from '../../src/acd/store/schemas.js';
import { recordingsRepo } from '../../src/acd/store/recordings-repo.js';
import { RecordsService } from '../../src/records/service.js';
import { join } from 'node:path';

const backends = useBackends(test);
const T0 = Date.UTC(2025, 0, 6, 1, 0, 0);

backends.each('ACD configuration and activity round trip', async (t, { database, dir }) => {
  const store = await openStore(database);
  const records = new RecordsService({ store, journalDir: join(dir, 'journal'), nodeId: 'acd-store', logger: pino({ level: 'silent' }) });
  await records.start();
  try {
    const db = store.knex;
    const tenant = await tenantsRepo.insert(db, { id: randomUUID(), code: 'acd', name: 'ACD', kind: 'bank', status: 'active' });
    const other = await tenantsRepo.insert(db, { id: randomUUID(), code: 'acd2', name: 'ACD 2', kind: 'bank', status: 'active' });
    const queue = queueInputSchema.parse({ id: 'q1', name: '咨询', strategy: 'skills_based', overflow: { targetQueueId: 'q1', afterS: 30 }, settings: { recording: 'never', surveyAfterCall: true } });
    await acdConfigRepo.saveQueue(db, tenant.id, queue);
    await acdConfigRepo.saveQueue(db, tenant.id, { ...queue, name: '咨询组' });
    t.deepEqual(await acdConfigRepo.queues(db, tenant.id), [{ ...queue, name: '咨询组' }]);
    const agent = agentInputSchema.parse({ id: 'a1', name: '王', extension: '8001', phone: { station: 0, timeslot: 1 }, skills: { english: 7 }, queues: [{ queueId: 'q1', level: 8, penalty: 1 }] });
    await acdConfigRepo.saveAgent(db, tenant.id, agent);
    t.deepEqual(await acdConfigRepo.agent(db, tenant.id, 'a1'), agent);
    t.is(await acdConfigRepo.phoneTaken(db, other.id, { ...agent, id: 'x' }), 'phone', 'a phone is one agent\'s, across tenants');
    t.is(await acdConfigRepo.phoneTaken(db, tenant.id, { ...agent, id: 'a2', phone: { station: 0, timeslot: 2 } }), 'extension');
    t.is(await acdConfigRepo.phoneTaken(db, tenant.id, agent), undefined, 'its own phone is not taken');
    const entry = entryPointInputSchema.parse({ id: 'e1', defaultQueueId: 'q1', rules: [{ id: 'r', queueId: 'q1', days: 'holiday' }] });
    await acdConfigRepo.saveEntryPoint(db, tenant.id, entry);
    t.deepEqual(await acdConfigRepo.entryPoints(db, tenant.id), [entry]);
    const calendar = calendarSchema.parse({ weekend: [0, 6], holidays: [{ date: '2025-01-01', name: '元旦' }], workingDays: [{ date: '2025-01-26', name: '调休' }] });
    await acdConfigRepo.saveCalendar(db, tenant.id, calendar);
    t.deepEqual(await acdConfigRepo.calendar(db, tenant.id), calendar);
    await acdConfigRepo.saveSupervisorTeams(db, tenant.id, 'op-1', ['b', 'a', 'a']);
    t.deepEqual(await acdConfigRepo.supervisorTeams(db, tenant.id, 'op-1'), ['a', 'b']);
    t.deepEqual((await acdConfigRepo.tenants(db)).sort(), [tenant.id]);

    const writer = new ActivityWriter(db, records, pino({ level: 'silent' }));
    const at = (s: number) => T0 + s * 1000;
    writer.agentEvent(tenant.id, { at: at(0), agentId: 'a1', action: 'sign_in', from: 'signed_out', to: 'available', actor: { kind: 'agent' } });
    writer.agentEvent(tenant.id, { at: at(60), agentId: 'a1', action: 'pause', from: 'available', to: 'paused', reason: 'lunch', actor: { kind: 'supervisor', id: 'op-1' } });
    writer.agentState({ tenantId: tenant.id, agentId: 'a1', state: 'paused', pauseReason: 'lunch', stats: { windowStart: T0, answered: 1, talkMs: 5, idleMs: 6, idlePeriods: 1 } });
    writer.visit(tenant.id, { callId: 'c1', queueId: 'q1', priority: 0, enteredAt: at(10), leftAt: at(15), outcome: 'answered', waitMs: 5000, agentId: 'a1', answeredAt: at(15), talkMs: 30_000, wrapMs: 0 });
    writer.survey({ tenantId: tenant.id, callId: 'c1', legId: null, agentId: 'a1', queueId: 'q1', rating: 2, at: at(50) });
    await writer.flush();
    t.is(writer.failed, 0);
    t.like(writer.stats, { journalled: 0, deadLettered: 0 });
    t.deepEqual(await acdActivityRepo.agentStates(db, tenant.id), [{ id: 'a1', state: 'paused', pauseReason: 'lunch', stats: { windowStart: T0, answered: 1, talkMs: 5, idleMs: 6, idlePeriods: 1 } }]);
    const events = await acdActivityRepo.agentEvents(db, tenant.id, at(30), at(120));
    t.deepEqual(
      events.map((e) => [e.at, e.action, e.to, e.actor]),
      [
        [at(30), 'sign_in', 'available', { kind: 'agent' }],
        [at(60), 'pause', 'paused', { kind: 'supervisor', id: 'op-1' }],
      ],
      'the state at the start of the range, then the changes in it',
    );
    t.deepEqual(await acdActivityRepo.visits(db, tenant.id, at(0), at(100)), [
      { callId: 'c1', queueId: 'q1', priority: 0, enteredAt: at(10), leftAt: at(15), outcome: 'answered', waitMs: 5000, agentId: 'a1', answeredAt: at(15), talkMs: 30_000, wrapMs: 0 },
    ]);
    t.like((await acdActivityRepo.surveys(db, tenant.id, at(0), at(100), 10))[0], { rating: 2, agentId: 'a1' });

    const rec = { id: randomUUID(), tenantId: tenant.id, callId: 'c1', legId: null, agentId: 'a1', queueId: 'q1', team: 'a', calling: '138', called: '95588', startedAt: new Date(at(15)).toISOString(), endedAt: null, durationMs: null, file: 'x.wav', bytes: null, status: 'recording' as const };
    await recordingsRepo.insert(db, rec);
    await recordingsRepo.finish(db, rec.id, { endedAt: new Date(at(45)).toISOString(), durationMs: 30_000, bytes: 240_044, status: 'complete' });
    t.like(await recordingsRepo.get(db, tenant.id, rec.id), { bytes: 240_044, durationMs: 30_000, status: 'complete' });
    t.is((await recordingsRepo.query(db, tenant.id, { teams: ['a'] }, { limit: 10, offset: 0 })).items.length, 1);
    t.is((await recordingsRepo.query(db, tenant.id, { teams: ['b'] }, { limit: 10, offset: 0 })).items.length, 0);
    t.is(await recordingsRepo.get(db, other.id, rec.id), undefined);

    t.true(await acdConfigRepo.deleteAgent(db, tenant.id, 'a1'));
    t.true(await acdConfigRepo.deleteQueue(db, tenant.id, 'q1'));
    t.deepEqual(await acdConfigRepo.agents(db, tenant.id), []);
  } finally {
    await records.stop();
    await store.close();
  }
});
