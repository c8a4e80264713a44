/**
 * One dialler per database: two server processes on one SQLite file. The first takes the
 * dialler lease, dials, and is killed (-9) with calls up; the second, started while that lease
 * still runs, dials nothing and leaves those calls alone. Once the lease lapses the second takes
 * it over, closes the first's calls in flight as interrupted and finishes the campaign: every
 * number counted right, within its daily cap, never called twice at once.
 */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKnex } from '../../src/store/knex.js';
import { sqliteConfig } from '../helpers/backends.js';
import { LEASE_MS, LEASE_NUMBERS } from './dialler-lease-setup.js';
import { BEFORE_NINE, startDialler, until, type DiallerServer } from './dialler-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-ob-lease-'));
const child = fileURLToPath(new URL('./dialler-lease-child.ts', import.meta.url));
let live: DiallerServer | undefined;
let proc: ChildProcess | undefined;
test.after.always(async () => {
  proc?.kill('SIGKILL');
  await live?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function inFlightOf(campaignId: string): Promise<string[]> {
  // Through the store's own driver choice: better-sqlite3 12 cannot load on Node 22 and later.
  const peek = createKnex(sqliteConfig(join(dir, 'tellerline.sqlite')));
  try {
    return ((await peek('outbound_attempts').where({ campaign_id: campaignId, outcome: 'in_flight' }).orderBy('id')) as Array<{ id: string }>).map((a) => a.id);
  } finally {
    await peek.destroy();
  }
}

function startFirst(): Promise<string> {
  return new Promise((resolve, reject) => {
    proc = spawn(process.execPath, ['--import=tsx', child], { env: { ...process.env, TL_OB_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /DIALLING (\S+)\n/.exec(out);
      if (m) {
        proc!.kill('SIGKILL');
        proc!.once('exit', () => resolve(m[1]!));
      }
    });
    proc.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`first server exited (${code}): ${err.slice(-2000)}`));
    });
  });
}

test('the second server dials nothing while the first\'s lease runs, and takes over once it lapses', async (t) => {
  const campaignId = await startFirst();
  const inFlight = await inFlightOf(campaignId);
  t.true(inFlight.length > 0, 'the first server had calls up when it was killed');
  const second = await startDialler({ dir, nodeId: 'node-b', epochMs: BEFORE_NINE + 120_000, outbound: { diallerLeaseMs: LEASE_MS } });
  live = second;
  second.services.sim!.network.setDefault({ kind: 'answer', ringMs: 500, hangupAfterMs: 5000 });
  const outbound = second.services.outbound!;
  t.false(outbound.dialler!.dialling, 'the second server does not dial while the first holds the lease');
  t.is(outbound.dialler!.runner(campaignId), undefined);
  const holder = (await second.db('outbound_dialler_lease').first()) as { holder: string };
  t.is(holder.holder, 'node-a');

  t.deepEqual(await inFlightOf(campaignId), inFlight, 'the first server\'s calls are not the second\'s to close while its lease runs');

  await until(second, 'the second server took the lease over', () => outbound.dialler!.dialling || undefined, 60_000);
  t.is(((await second.db('outbound_dialler_lease').first()) as { holder: string }).holder, 'node-b');
  const closed = (await second.db('outbound_attempts').whereIn('id', inFlight)) as Array<{ outcome: string }>;
  t.deepEqual(closed.map((a) => a.outcome), inFlight.map(() => 'interrupted'), 'the dead server\'s calls closed as interrupted');

  await until(second, 'every number answered', async () => {
    const rows = (await second.db('outbound_numbers').where({ campaign_id: campaignId })) as Array<{ last_outcome: string | null }>;
    return rows.length === LEASE_NUMBERS.length && rows.every((r) => r.last_outcome === 'abandoned') || undefined;
  }, 120_000);
  const numbers = (await second.db('outbound_numbers').where({ campaign_id: campaignId })) as Array<{ id: number; phone: string; attempts: number }>;
  const attempts = (await second.db('outbound_attempts').where({ campaign_id: campaignId }).orderBy('started_at')) as Array<{ number_id: number; outcome: string; started_at: string; ended_at: string | null }>;
  for (const n of numbers) {
    const mine = attempts.filter((a) => a.number_id === n.id);
    t.is(Number(n.attempts), mine.length, `${n.phone}: attempts counted = attempts made`);
    t.true(mine.length <= 3, `${n.phone}: within the daily cap (${mine.length})`);
    t.true(mine.every((a) => a.outcome === 'abandoned' || a.outcome === 'interrupted'), `${n.phone}: ${mine.map((a) => a.outcome).join(',')}`);
    // Never two calls to one number at once: each attempt ended before the next began.
    for (let i = 1; i < mine.length; i++) t.true(mine[i - 1]!.ended_at !== null && mine[i - 1]!.ended_at! <= mine[i]!.started_at, `${n.phone}: attempts do not overlap`);
  }
});
