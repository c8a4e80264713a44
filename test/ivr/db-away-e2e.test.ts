/**
 * MariaDB goes away: a caller who dials the IVR meanwhile still hears its menus (the flow and
 * settings last read answer), and the call's record arrives once the database is back.
 */
import test from 'ava';
import { mariadbSkipReason, startMariaDb, type MariaDbServer } from '../helpers/mariadb.js';
import { IvrWorld } from './harness.js';

const skip = mariadbSkipReason();
let maria: MariaDbServer | undefined;
let world: IvrWorld | undefined;

test.before(async () => {
  if (skip) return;
  maria = await startMariaDb();
  const database = await maria.createDatabase('ivr_db_away');
  world = await IvrWorld.start({ today: '2026-03-02', time: '10:00', config: { database } });
});
test.after.always(async () => {
  await world?.close();
  await maria?.stop();
});

(skip ? test.skip : test)('with the database away, a new caller still hears the menus; its record arrives when it is back', async (t) => {
  const w = world!;
  const before = await w.dial({ from: '13700000001' });
  await before.answer('lang.choose.zh', '1');
  await before.prompt('menu.main');
  await before.hangUp();

  await maria!.kill();
  const during = await w.dial({ from: '13700000002' });
  await during.answer('lang.choose.zh', '1');
  await during.answer('menu.main', '6');
  await during.prompt('menu.info');
  await during.hangUp();
  t.is(w.services.records.mode, 'journal', 'the call was recorded in the journal meanwhile');

  await maria!.resume();
  await w.held(async () => {
    await w.services.records.flush();
    for (let i = 0; i < 100 && w.services.records.mode !== 'direct'; i++) await new Promise((r) => setTimeout(r, 100));
    const rows = await w.knex('cdr').whereIn('calling', ['13700000001', '13700000002']).select('calling', 'disposition');
    t.deepEqual(rows.map((r: { calling: string }) => r.calling).sort(), ['13700000001', '13700000002']);
  });
});
