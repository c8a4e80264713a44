/**
 * The database goes away while calls are running on the virtual card: calls
 * go on, their records are journalled, and when the database is back every
 * record arrives exactly once.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mariadbSkipReason, startMariaDb, type MariaDbServer } from '../helpers/mariadb.js';
import { simCall, startTelephonyServer } from '../helpers/telephony.js';

const skip = mariadbSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'tl-outage-calls-'));
let maria: MariaDbServer | undefined;
test.before(async () => {
  if (!skip) maria = await startMariaDb();
});
test.after.always(async () => {
  await maria?.stop();
  rmSync(dir, { recursive: true, force: true });
});

(skip ? test.skip : test)('calls keep working while MariaDB is down; every CDR and trunk log row arrives once it is back', async (t) => {
  const database = await maria!.createDatabase('outage_calls');
  const srv = await startTelephonyServer({ config: { database }, dir });
  try {
    const records = srv.services.records;
    const callers: string[] = [];
    const call = async (i: number) => {
      const from = `1370000${String(i).padStart(4, '0')}`;
      callers.push(from);
      const lines = await simCall(srv.simUrl, { to: '95500', from, dtmf: '1', hangupAfterMs: 4000 });
      t.is(lines.at(-1)?.['event'], 'done', `call ${i} completed`);
    };
    for (let i = 0; i < 5; i++) await call(i);
    await maria!.kill();
    for (let i = 5; i < 15; i++) await call(i);
    t.is(records.mode, 'journal', 'records went to the journal while the database was down');
    await maria!.resume();
    for (let i = 15; i < 20; i++) await call(i);
    for (let i = 0; i < 300 && records.mode !== 'direct'; i++) await new Promise((r) => setTimeout(r, 100));
    await records.flush();
    t.is(records.mode, 'direct');
    const knex = srv.services.store.knex;
    const rows = (await knex('cdr').select('calling', 'disposition', 'cause', 'answered_at')) as Array<{ calling: string; disposition: string; cause: number; answered_at: unknown }>;
    t.is(rows.length, 20, 'one CDR per call, none twice');
    t.deepEqual(rows.map((r) => r.calling).sort(), [...callers].sort());
    t.true(rows.every((r) => r.disposition === 'NORMAL' && r.cause === 16 && r.answered_at !== null));
    const trunk = Number(((await knex('trunk_access_log').count({ n: '*' }).first()) as { n: number | string }).n);
    t.is(trunk, 40, 'offered and released for every call');
  } finally {
    await srv.close();
  }
});
