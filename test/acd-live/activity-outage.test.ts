/**
 * ACD activity and recording metadata when the database is away: written during a MariaDB
 * outage they are journalled through the records writer and arrive exactly once when it is
 * back; a process stopped during the outage leaves them in the journal for the next start; a
 * row the database refuses is kept in the dead-letter file, never silently dropped.
 */
import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pino } from 'pino';
import { useBackends, type BackendContext } from '../helpers/backends.js';
import { openStore, type Store } from '../../src/store/store.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { RecordsService } from '../../src/records/service.js';
import { ActivityWriter, acdActivityRepo } from '../../src/acd/store/activity-repo.js';
import { CallRecorder } from '../../src/acd/recording/call-recorder.js';
import { recordingsRepo } from '../../src/acd/store/recordings-repo.js';
import type { CallSession } from '../../src/telephony/call-session.js';
import type { RecordingResult } from '../../bindings/recording.js';

const backends = useBackends(test);
const logger = pino({ level: 'silent' });
const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);
const at = (s: number) => T0 + s * 1000;

/** A call session whose recording writes a small file and ends when stopped. */
function fakeSession(): CallSession {
  return {
    record: async (path: string) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.alloc(1044));
      let finish!: (r: RecordingResult) => void;
      const done = new Promise<RecordingResult>((resolve) => (finish = resolve));
      return {
        done,
        stop: async () => {
          finish({ reason: 'stopped', samples: 8000, path });
          return done;
        },
      };
    },
  } as unknown as CallSession;
}

interface Rig {
  store: Store;
  records: RecordsService;
  writer: ActivityWriter;
  recorder: CallRecorder;
  tenantId: string;
  journalDir: string;
}

async function rig(ctx: BackendContext): Promise<Rig> {
  const store = await openStore(ctx.database);
  const tenantId = randomUUID();
  await tenantsRepo.insert(store.knex, { id: tenantId, code: `t${tenantId.slice(0, 8)}`, name: 'Activity', kind: 'bank', status: 'active' });
  const journalDir = join(ctx.dir, 'journal');
  const records = new RecordsService({ store, journalDir, nodeId: 'acd-outage', logger, retryMs: 50 });
  await records.start();
  const writer = new ActivityWriter(store.knex, records, logger);
  const recorder = new CallRecorder(join(ctx.dir, 'recordings'), (op) => writer.row(op), () => at(90), logger);
  return { store, records, writer, recorder, tenantId, journalDir };
}

/** What the ACD does during one call: state changes, a visit, a survey, a recording. */
async function oneCall(r: Rig, n: number): Promise<{ eventAgent: string; recordingId: string }> {
  const agentId = `agent-${n}`;
  r.writer.agentEvent(r.tenantId, { at: at(n * 10), agentId, action: 'sign_in', from: 'signed_out', to: 'available', actor: { kind: 'agent' } });
  r.writer.agentState({ tenantId: r.tenantId, agentId, state: 'available', pauseReason: undefined, stats: { windowStart: T0, answered: 0, talkMs: 0, idleMs: 0, idlePeriods: 0 } });
  r.writer.visit(r.tenantId, { callId: `call-${n}`, queueId: 'q1', priority: 0, enteredAt: at(n * 10 + 1), leftAt: at(n * 10 + 3), outcome: 'answered', waitMs: 2000, agentId, answeredAt: at(n * 10 + 3), talkMs: 1000, wrapMs: 0 });
  const recordingId = await r.recorder.start(fakeSession(), { tenantId: r.tenantId, callId: `call-${n}`, legId: null, agentId, queueId: 'q1', team: 'a', calling: '13900000000', called: '95566', at: at(n * 10 + 3) });
  await r.recorder.stop(recordingId);
  r.writer.survey({ tenantId: r.tenantId, callId: `call-${n}`, legId: null, agentId, queueId: 'q1', rating: 1, at: at(n * 10 + 5) });
  r.writer.agentEvent(r.tenantId, { at: at(n * 10 + 6), agentId, action: 'pause', from: 'available', to: 'paused', reason: 'lunch', actor: { kind: 'agent' } });
  r.writer.agentState({ tenantId: r.tenantId, agentId, state: 'paused', pauseReason: 'lunch', stats: { windowStart: T0, answered: 1, talkMs: 1000, idleMs: 0, idlePeriods: 0 } });
  // The completion update is queued when the recording's `done` settles.
  await new Promise((resolve) => setImmediate(resolve));
  return { eventAgent: agentId, recordingId: recordingId! };
}

/** Each call's rows are in the database exactly once, with the last agent state and a completed recording. */
async function assertCalls(t: ExecutionContext, store: Store, tenantId: string, calls: Array<{ eventAgent: string; recordingId: string }>) {
  const db = store.knex;
  const count = async (table: string) => Number(((await db(table).where({ tenant_id: tenantId }).count({ n: '*' }).first()) as { n: number | string }).n);
  t.is(await count('acd_agent_events'), calls.length * 2, 'every agent event once');
  t.is(await count('acd_visits'), calls.length, 'every visit once');
  t.is(await count('acd_survey_results'), calls.length, 'every survey once');
  t.is(await count('recordings'), calls.length, 'every recording row once');
  const states = await acdActivityRepo.agentStates(db, tenantId);
  t.deepEqual(
    states.map((s) => [s.id, s.state, s.pauseReason]).sort(),
    calls.map((c) => [c.eventAgent, 'paused', 'lunch']).sort(),
    'each agent ends in its last state',
  );
  const events = await acdActivityRepo.agentEvents(db, tenantId, at(0), at(1000));
  for (const c of calls) t.deepEqual(events.filter((e) => e.agentId === c.eventAgent).map((e) => e.action), ['sign_in', 'pause'], `${c.eventAgent}'s changes in order`);
  for (const c of calls) t.like(await recordingsRepo.get(db, tenantId, c.recordingId), { status: 'complete', bytes: 1044, durationMs: 1000 }, 'the recording was completed after its row was inserted');
}

const waitFor = async (what: string, cond: () => boolean | Promise<boolean>) => {
  // A guard against hanging, not a measurement: the assertions are about what arrived.
  for (let i = 0; i < 1200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
};

backends.each(
  'ACD activity and recording metadata written while MariaDB is down arrive exactly once when it is back',
  async (t, ctx) => {
    const maria = ctx.mariadb!;
    const r = await rig(ctx);
    try {
      const before = await oneCall(r, 0);
      await r.writer.flush();
      t.like(r.writer.stats, { journalled: 0, deadLettered: 0, lost: 0 }, 'with the database up, rows go straight in');
      const direct = r.writer.stats.written;
      t.true(direct > 0);

      await maria.kill();
      // The first batch fails while the records writer still thinks the database is there;
      // the rest go through the writer's journal mode.
      const during = [await oneCall(r, 1), await oneCall(r, 2)];
      await r.writer.flush();
      t.is(r.records.mode, 'journal');
      t.true(r.records.journalBacklog > 0);
      t.is(r.writer.stats.written, direct, 'nothing reached the database during the outage');
      t.true(r.writer.stats.journalled >= 2 * (2 + 1 + 1 + 2 + 1), 'events, visit, survey, recording insert and update and states were journalled');
      t.like(r.writer.stats, { deadLettered: 0, lost: 0 });
      t.is(r.writer.failed, 0, 'journalled rows are not failures');

      await maria.resume();
      await waitFor('the journal to be replayed', async () => {
        await r.records.flush();
        return r.records.mode === 'direct';
      });
      t.is(r.records.journalBacklog, 0);
      t.is(readFileSync(join(r.journalDir, 'records.jsonl'), 'utf8'), '', 'the journal is empty again');

      const after = await oneCall(r, 3);
      await r.writer.flush();
      t.true(r.writer.stats.written > direct, 'back to direct writes');
      await assertCalls(t, r.store, r.tenantId, [before, ...during, after]);
      t.false(existsSync(join(r.journalDir, 'dead-letter.jsonl')), 'nothing refused');
    } finally {
      if (!maria.running) await maria.resume();
      await r.records.stop();
      await r.store.close();
    }
  },
  { only: ['mariadb'], serial: true },
);

backends.each(
  'stopped while MariaDB is down: ACD activity stays in the journal and the next start replays it, once',
  async (t, ctx) => {
    const maria = ctx.mariadb!;
    const r = await rig(ctx);
    let calls: Array<{ eventAgent: string; recordingId: string }> = [];
    try {
      await maria.kill();
      calls = [await oneCall(r, 1), await oneCall(r, 2)];
      // Shutdown: the ACD's flush, then the records writer's, then it stops.
      await r.writer.flush();
      await r.records.flush();
      t.is(r.records.mode, 'journal');
      t.true(r.records.journalBacklog > 0);
    } finally {
      await r.records.stop();
      await r.store.close();
      if (!maria.running) await maria.resume();
    }
    const journal = join(r.journalDir, 'records.jsonl');
    const left = readFileSync(journal, 'utf8').trim().split('\n');
    t.is(left.length, r.writer.stats.journalled, 'every journalled row is in the file');
    t.true(left.every((line) => (JSON.parse(line) as { kind: string }).kind.startsWith('row.')));
    copyFileSync(journal, `${journal}.copy`);

    const store = await openStore(ctx.database);
    try {
      const next = new RecordsService({ store, journalDir: r.journalDir, nodeId: 'acd-outage', logger });
      t.is((await next.start()).replayed, left.length);
      await next.stop();
      await assertCalls(t, store, r.tenantId, calls);

      // The same journal replayed again (a crash before it was truncated) changes nothing.
      copyFileSync(`${journal}.copy`, journal);
      const again = new RecordsService({ store, journalDir: r.journalDir, nodeId: 'acd-outage', logger });
      t.is((await again.start()).replayed, left.length);
      await again.stop();
      await assertCalls(t, store, r.tenantId, calls);
      t.false(existsSync(join(r.journalDir, 'dead-letter.jsonl')), 'a replay is not a refusal');
    } finally {
      await store.close();
    }
  },
  { only: ['mariadb'], serial: true },
);

backends.each('a row the database refuses goes to the dead-letter file; the rest of its batch is written', async (t, ctx) => {
  const r = await rig(ctx);
  try {
    const ghost = randomUUID(); // no such tenant: the foreign key refuses its rows
    for (let i = 0; i < 3; i++) r.writer.visit(r.tenantId, { callId: `ok-${i}`, queueId: 'q1', priority: 0, enteredAt: at(i), leftAt: at(i + 1), outcome: 'answered', waitMs: 1000 });
    r.writer.visit(ghost, { callId: 'refused', queueId: 'q1', priority: 0, enteredAt: at(5), leftAt: at(6), outcome: 'abandoned', waitMs: 1000 });
    const recordingId = await r.recorder.start(fakeSession(), { tenantId: ghost, callId: 'refused', legId: null, agentId: null, queueId: 'q1', team: 'a', calling: null, called: null, at: at(5) });
    await r.recorder.stop(recordingId);
    await new Promise((resolve) => setImmediate(resolve));
    await r.writer.flush();
    await r.records.flush();

    t.is(Number(((await r.store.knex('acd_visits').count({ n: '*' }).first()) as { n: number | string }).n), 3, 'the good visits of the batch are written');
    t.like(r.writer.stats, { deadLettered: 3, journalled: 0, lost: 0 });
    t.is(r.writer.failed, 3);
    const dead = readFileSync(join(r.journalDir, 'dead-letter.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { op: { kind: string; table: string; id: string; row?: Record<string, unknown> } });
    t.deepEqual(
      dead.map((d) => [d.op.kind, d.op.table]),
      [
        ['row.insert', 'acd_visits'],
        ['row.insert', 'recordings'],
        ['row.update', 'recordings'],
      ],
      'the refused visit, the refused recording row, and its completion (no row to update) are kept',
    );
    t.is(dead[0]!.op.row?.['call_id'], 'refused');
    t.is(dead[2]!.op.id, recordingId!);

    // The journal cannot be used to write other tables.
    const before = await r.store.knex('tenants').count({ n: '*' }).first();
    const id = randomUUID();
    t.is(await r.records.activity.submit({ kind: 'row.insert', id, table: 'tenants', row: { id, code: 'x', name: 'x', kind: 'bank', status: 'active' } }), 'dead_letter');
    t.deepEqual(await r.store.knex('tenants').count({ n: '*' }).first(), before);
  } finally {
    await r.records.stop();
    await r.store.close();
  }
});
