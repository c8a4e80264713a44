/**
 * The database going away. While MariaDB is killed, calls go on: records are appended durably to
 * the local journal; when it is back they are replayed in order, each exactly once. A database
 * that cannot be reached at start-up is a clear error naming it.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBackends } from '../helpers/backends.js';
import { sqliteConfig } from '../helpers/backends.js';
import { createServer } from '../../src/server.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { cdrRepo } from '../../src/records/store/cdr-repo.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { createKnex } from '../../src/store/knex.js';
import { quietLogger } from '../helpers/server.js';

const backends = useBackends(test);

const waitFor = async (what: string, cond: () => boolean | Promise<boolean>, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

backends.each(
  'MariaDB killed while records are written: they go to the journal and arrive exactly once when it is back',
  async (t, ctx) => {
    const maria = ctx.mariadb!;
    const server = await createServer({
      config: { server: { nodeId: 'outage-node' }, database: ctx.database, data: { dir: join(ctx.dir, 'data') }, log: { level: 'silent' } },
      logger: quietLogger(),
      recordsRetryMs: 100,
    });
    const listening = await server.listen(0, '127.0.0.1');
    const { records, store } = server.services;
    const tenantId = randomUUID();
    await tenantsRepo.insert(store.knex, { id: tenantId, code: 'outage-bank', name: 'Outage Bank', kind: 'bank', status: 'active' });

    const logIds: string[] = [];
    const legs = new Map<string, 'answered' | 'released'>();
    let phase: 'before' | 'down' | 'after' = 'before';
    const counts = { before: 0, down: 0, after: 0 };
    let writing = true;
    let sawJournal = false;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const legId = await records.cdr.offered({ tenantId, direction: 'inbound', span: 1, channel: (i % 30) + 1, calling: `1390000${i}`, called: '95566' });
        await records.cdr.answered(legId);
        legs.set(legId, 'answered');
        if (i % 2 === 0) {
          await records.cdr.released(legId, { disposition: 'NORMAL', cause: 16 });
          legs.set(legId, 'released');
        }
        logIds.push(await records.agentLog.write({ tenantId, agentId: `a${i % 5}`, event: i % 2 ? 'pause' : 'resume' }));
        if (records.mode === 'journal') sawJournal = true;
        counts[phase]++;
      }
    })();

    try {
      await waitFor('writes before the outage', () => counts.before >= 20);
      await maria.kill();
      phase = 'down';
      await waitFor('writes during the outage', () => counts.down >= 40);
      t.true(sawJournal, 'records went to the journal');
      t.is(records.mode, 'journal');
      t.true(records.journalBacklog > 0);
      const ready = await fetch(`${listening.url}/readyz`);
      t.is(ready.status, 503, '/readyz says the database is away');
      t.regex(JSON.stringify(await ready.json()), /journal/);

      await maria.resume();
      phase = 'after';
      await waitFor('the journal to be replayed', () => records.mode === 'direct');
      await waitFor('writes after the outage', () => counts.after >= 20);
      writing = false;
      await writer;
      await records.flush();

      t.is(records.journalBacklog, 0);
      t.is(readFileSync(join(ctx.dir, 'data', 'journal', 'records.jsonl'), 'utf8'), '', 'the journal is empty again');
      const rows = (await store.knex('agent_service_log').select('id')) as Array<{ id: string }>;
      t.is(rows.length, logIds.length, 'no log entry lost, none twice');
      t.deepEqual(rows.map((r) => r.id).sort(), [...logIds].sort());
      const cdrCount = (await store.knex('cdr').count({ n: '*' }).first()) as { n: number | string };
      t.is(Number(cdrCount.n), legs.size, 'one row per leg');
      for (const [legId, stage] of legs) {
        const leg = await cdrRepo.get(store.knex, legId);
        t.truthy(leg?.answeredAt, `leg ${legId} answered`);
        if (stage === 'released') t.like(leg, { disposition: 'NORMAL', cause: 16 });
        else t.is(leg?.releasedAt, null, `leg ${legId} still up`);
      }
      t.is((await fetch(`${listening.url}/readyz`)).status, 200);
      t.log(`writes: ${counts.before} before, ${counts.down} during, ${counts.after} after the outage`);
    } finally {
      writing = false;
      await writer.catch(() => undefined);
      if (!maria.running) await maria.resume();
      await listening.close();
      await server.stop(2000);
    }
  },
  { only: ['mariadb'], serial: true },
);

/** The value of max_connect_errors that lets the held journal entry through. */
const RELEASE_MARK = 424242;

backends.each(
  'a long journal is replayed in turns: a record written meanwhile is durable long before the replay ends, and lands once',
  async (t, ctx) => {
    const maria = ctx.mariadb!;
    const server = await createServer({
      config: { server: { nodeId: 'replay-node' }, database: ctx.database, data: { dir: join(ctx.dir, 'data') }, log: { level: 'silent' } },
      logger: quietLogger(),
      recordsRetryMs: 100,
      recordsReplayChunk: 25,
    });
    const listening = await server.listen(0, '127.0.0.1');
    const { records, store } = server.services;
    const tenantId = randomUUID();
    await tenantsRepo.insert(store.knex, { id: tenantId, code: 'replay-bank', name: 'Replay Bank', kind: 'bank', status: 'active' });
    // The replay is held half-way on purpose, so the test never depends on catching it in
    // progress: a trigger (kept across the outage, it is in the data directory) makes the
    // insert of one marked journal entry wait until the test sets a global variable of this
    // private MariaDB (a table read inside the insert would see its own snapshot or lock the
    // test out; a global variable is read live, and the restart resets it).
    await store.knex.raw(`CREATE TRIGGER hold_replay BEFORE INSERT ON all_busy_log FOR EACH ROW
      BEGIN
        IF NEW.queue = 'hold-replay' THEN
          WHILE @@GLOBAL.max_connect_errors <> ${RELEASE_MARK} DO
            DO SLEEP(0.02);
          END WHILE;
        END IF;
      END`);
    let release: (() => Promise<void>) | undefined;
    try {
      await maria.kill();
      const ids: string[] = [];
      for (let i = 0; i < 600; i++) {
        if (i === 300) await records.allBusy.write({ tenantId, queue: 'hold-replay', calling: '13800000000', enteredAt: new Date(), outcome: 'abandoned' });
        else ids.push(await records.agentLog.write({ tenantId, agentId: `a${i % 7}`, event: 'pause' }));
      }
      t.is(records.mode, 'journal');
      t.is(records.journalBacklog, 600);

      await maria.resume();
      const releaser = createKnex(ctx.database);
      release = async () => {
        await releaser.raw(`SET GLOBAL max_connect_errors = ${RELEASE_MARK}`);
        await releaser.destroy();
      };
      // Turns of 25: the first 300 entries are replayed, then the held entry waits.
      await waitFor('the replay to reach the held entry', () => records.journalReplayed === 300);
      const ready = await fetch(`${listening.url}/readyz`);
      t.is(ready.status, 503);
      t.regex(JSON.stringify(await ready.json()), /replaying the local journal \(300 of 600 done\)/);
      // Written while the backlog replays: durable in the journal behind the backlog, and
      // acknowledged after the turn in progress, not after the whole backlog.
      const written = records.agentLog.write({ tenantId, agentId: 'late', event: 'resume' });
      t.is(records.mode, 'journal', 'written while the replay was still going on');
      await release();
      release = undefined;
      const during = await written;
      const replayedThen = records.journalReplayed;
      t.is(records.mode, 'journal', 'acknowledged while the replay was still going on');
      t.true(replayedThen < 600, `acknowledged after ${replayedThen} of 600 replayed entries`);
      ids.push(during);

      await waitFor('the journal to be replayed', () => records.mode === 'direct');
      await records.flush();
      t.is(records.journalBacklog, 0);
      t.is(readFileSync(join(ctx.dir, 'data', 'journal', 'records.jsonl'), 'utf8'), '', 'the journal is empty again');
      const rows = (await store.knex('agent_service_log').select('id')) as Array<{ id: string }>;
      t.is(rows.length, ids.length, 'every entry once');
      t.deepEqual(rows.map((r) => r.id).sort(), [...ids].sort());
      t.is((await fetch(`${listening.url}/readyz`)).status, 200);
      t.log(`the late record was acknowledged after ${replayedThen} of 600 journal entries had been replayed`);
      t.is(Number(((await store.knex('all_busy_log').count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n), 1, 'the held entry landed once');
    } finally {
      if (!maria.running) await maria.resume();
      await release?.().catch(() => undefined);
      await listening.close();
      await server.stop(2000);
    }
  },
  { only: ['mariadb'], serial: true },
);

backends.each(
  'an unreachable MariaDB at start-up is an error naming the server and the cause',
  async (t, ctx) => {
    const port = ctx.mariadb!.port;
    await ctx.mariadb!.kill();
    try {
      const err = await t.throwsAsync(createServer({ config: { database: ctx.database, data: { dir: join(ctx.dir, 'data') } }, logger: quietLogger() }), { instanceOf: StoreUnavailableError });
      t.regex(err!.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
      t.regex(err!.message, /ECONNREFUSED/);
    } finally {
      await ctx.mariadb!.resume();
    }
  },
  { only: ['mariadb'], serial: true },
);

test('an SQLite file that cannot be opened at start-up is an error naming the file', async (t) => {
  // A path below a regular file: no directory can be made there.
  const dir = mkdtempSync(join(tmpdir(), 'tl-sqlite-'));
  const blocker = join(dir, 'not-a-directory');
  writeFileSync(blocker, 'x');
  try {
    const filename = join(blocker, 'db.sqlite');
    const err = await t.throwsAsync(createServer({ config: { database: sqliteConfig(filename), data: { dir: join(dir, 'data') } }, logger: quietLogger() }), { instanceOf: StoreUnavailableError });
    t.true(err!.message.includes(filename), err!.message);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
