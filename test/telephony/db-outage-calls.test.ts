/**
 * The database goes away while calls are running on the virtual card: calls
 * go on, their records are journalled, and when the database is back every
 * record arrives exactly once.
 */
import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mariadbSkipReason, startMariaDb, type MariaDbServer } from '../helpers/mariadb.js';
import { simCall, startTelephonyServer } from '../helpers/telephony.js';

const skip = mariadbSkipReason();
const OUTAGE_MS = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'tl-outage-calls-'));
let maria: MariaDbServer | undefined;
test.before(async () => {
  if (!skip) maria = await startMariaDb();
});
test.after.always(async () => {
  await maria?.stop();
  rmSync(dir, { recursive: true, force: true });
});

(skip ? test.skip : test)('calls keep working while MariaDB is down for a minute; every CDR and trunk log row arrives once it is back', async (t) => {
  const database = await maria!.createDatabase('outage_calls');
  // A paced clock (20x wall time), not a free-running one: the outage is measured in wall time, and
  // a free-running card would let a caller's patience (engine time) run out while the bank waits on I/O.
  const srv = await startTelephonyServer({ config: { database, card: { clock: 'speed', speed: 20 } }, dir });
  try {
    const records = srv.services.records;
    const callers: string[] = [];
    const call = async (i: number) => {
      const from = `1370000${String(i).padStart(4, '0')}`;
      callers.push(from);
      const lines = await simCall(srv, { to: '95500', from, dtmf: '1', hangupAfterMs: 4000 });
      if (lines.at(-1)?.['cause'] !== 16) {
        // Say what the network and the bank saw, so a failure names its cause.
        t.log(`call ${i}:`, JSON.stringify(lines));
        const card = srv.services.telephony!.card;
        t.log('spans:', JSON.stringify(await Promise.all(card.spans.map((s) => s.status()))));
        const channel = (lines.find((l) => l['event'] === 'dialing') as { channel?: number } | undefined)?.channel;
        if (channel) for (const s of card.spans) t.log(`span ${s.index} channel ${channel}:`, JSON.stringify(await s.channel(channel).query()));
      }
      t.is(lines.at(-1)?.['event'], 'done', `call ${i} completed`);
      // Normal clearing: the call reached the product (a call the network could not place has no CDR to find).
      t.is(lines.at(-1)?.['cause'], 16, `call ${i} was answered and cleared normally`);
    };
    for (let i = 0; i < 5; i++) await call(i);
    await maria!.kill();
    // The database stays away for a minute (as a restarting server or a failover would) while
    // calls keep coming, one every two seconds.
    const killedAt = Date.now();
    let i = 5;
    while (Date.now() - killedAt < OUTAGE_MS) {
      await call(i++);
      await new Promise((r) => setTimeout(r, 2000));
    }
    t.is(records.mode, 'journal', 'records went to the journal while the database was down');
    await maria!.resume();
    for (const end = i + 5; i < end; i++) await call(i);
    for (let i = 0; i < 300 && records.mode !== 'direct'; i++) await new Promise((r) => setTimeout(r, 100));
    await records.flush();
    t.is(records.mode, 'direct');
    const knex = srv.services.store.knex;
    const rows = (await knex('cdr').select('calling', 'disposition', 'cause', 'answered_at')) as Array<{ calling: string; disposition: string; cause: number; answered_at: unknown }>;
    if (rows.length !== callers.length) {
      const got = new Set(rows.map((r) => r.calling));
      t.log('calls without a CDR:', callers.filter((c) => !got.has(c)).slice(0, 50).join(' '));
      // Say where they went (a dead letter names the database's error).
      for (const f of readdirSync(dir, { recursive: true }) as string[]) if (f.endsWith('dead-letter.jsonl')) t.log(readFileSync(join(dir, f), 'utf8').slice(0, 3000));
    }
    t.is(rows.length, callers.length, 'one CDR per call, none twice');
    t.deepEqual(rows.map((r) => r.calling).sort(), [...callers].sort());
    t.true(rows.every((r) => r.disposition === 'NORMAL' && r.cause === 16 && r.answered_at !== null));
    const trunk = Number(((await knex('trunk_access_log').count({ n: '*' }).first()) as { n: number | string }).n);
    t.is(trunk, 2 * callers.length, 'offered and released for every call');
    t.log(`${callers.length} calls, ${i - 10} of them during the outage`);
    t.log('spans at the end:', JSON.stringify((await Promise.all(srv.services.telephony!.card.spans.map((s) => s.status()))).map((s) => s.signaling)));
  } finally {
    await srv.close();
  }
});
