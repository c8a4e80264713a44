/**
 * kill -9 in the middle of a campaign, then a restart on the same database: the calls that
 * were up are recorded as interrupted, the campaign picks up where it was, and every number's
 * attempt count matches its attempts — none dialled more than its daily cap, none forgotten.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKnex } from '../../src/store/knex.js';
import { sqliteConfig } from '../helpers/backends.js';
import { CRASH_LINES, CRASH_NUMBERS } from './dialler-crash-setup.js';
import { startDialler, until, type DiallerServer } from './dialler-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-ob-crash-'));
const child = fileURLToPath(new URL('./dialler-crash-child.ts', import.meta.url));
let live: DiallerServer | undefined;
test.after.always(async () => {
  await live?.close();
  rmSync(dir, { recursive: true, force: true });
});

function runUntilCallsUp(): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import=tsx', child], { env: { ...process.env, TL_OB_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /CALLS_UP (\S+)\n/.exec(out);
      if (m) {
        proc.kill('SIGKILL');
        proc.once('exit', () => resolve(m[1]!));
      }
    });
    proc.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited (${code}): ${err.slice(-2000)}`));
    });
  });
}

test('after kill -9 the campaign resumes: calls up at the crash are interrupted and retried, every number counted right', async (t) => {
  const campaignId = await runUntilCallsUp();

  // The restarted server's engine clock starts after the last thing the killed one wrote.
  // Through the store's own driver choice: better-sqlite3 12 cannot load on Node 22 and later.
  const peek = createKnex(sqliteConfig(join(dir, 'tellerline.sqlite')));
  const before = (await peek('outbound_attempts').where({ campaign_id: campaignId })) as Array<{ id: string; outcome: string; started_at: string }>;
  await peek.destroy();
  const inFlight = before.filter((a) => a.outcome === 'in_flight').map((a) => a.id);
  t.true(inFlight.length >= 2, 'calls were up at the kill');
  const last = Math.max(...before.map((a) => Date.parse(`${a.started_at.replace(' ', 'T')}Z`)));

  // The lines answer as before from the first dial of the restarted server.
  live = await startDialler({ dir, epochMs: last + 1000, setup: (services) => CRASH_LINES(services.sim!.network) });
  const server = live;
  const interrupted = (await server.db('outbound_attempts').whereIn('id', inFlight)) as Array<{ outcome: string }>;
  t.deepEqual(interrupted.map((a) => a.outcome), inFlight.map(() => 'interrupted'));

  // Every answering number ends answered; busy lines run out of attempts for the day.
  const answering = CRASH_NUMBERS.filter((_, i) => i % 4 !== 3).length;
  let seen: unknown;
  await until(server, 'the campaign done for the day', async () => {
    const rows = (await server.db('outbound_numbers').where({ campaign_id: campaignId })) as Array<{ attempts_today: number; last_outcome: string | null }>;
    seen = rows.map((r: any) => [r.phone, r.attempts, r.attempts_today, r.last_outcome, r.next_attempt_at, r.attempts_day]);
    return rows.filter((r) => r.last_outcome === 'answered').length === answering && rows.filter((r) => r.last_outcome !== 'answered' && r.last_outcome !== 'in_flight' && Number(r.attempts_today) === 3).length === CRASH_NUMBERS.length - answering;
  }, 150_000).catch((err: Error) => {
    throw new Error(`${err.message}; engine ${server.card.clock.wallTime().toISOString()}; numbers ${JSON.stringify(seen)}`);
  });
  const numbers = (await server.db('outbound_numbers').where({ campaign_id: campaignId })) as Array<{ id: number; phone: string; attempts: number; attempts_today: number; last_outcome: string }>;
  const attempts = (await server.db('outbound_attempts').where({ campaign_id: campaignId })) as Array<{ number_id: number; outcome: string }>;
  t.is(numbers.length, CRASH_NUMBERS.length);
  for (const n of numbers) {
    const mine = attempts.filter((a) => a.number_id === n.id);
    t.is(Number(n.attempts), mine.length, `${n.phone}: attempts counted = attempts made`);
    t.true(mine.length <= 3, `${n.phone}: at most 3 a day (${mine.length})`);
    const busyLine = CRASH_NUMBERS.indexOf(n.phone) % 4 === 3;
    if (busyLine) t.is(mine.length, 3, `${n.phone}: busy, tried up to the daily cap`);
    else t.is(mine.filter((a) => a.outcome === 'answered').length, 1, `${n.phone}: answered once`);
  }
  t.true(attempts.some((a) => a.outcome === 'interrupted'));
});
