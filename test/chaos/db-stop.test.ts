/** The chaos run's MariaDB injector: connections are refused, then the server answers again. */
import test from 'ava';
import mysql from 'mysql2/promise';
import { dbStopFault } from '../../bench/chaos/faults/db-stop.js';
import { MariaDbServer, mariadbSkipReason } from '../helpers/mariadb.js';

const skip = mariadbSkipReason();

async function ping(db: MariaDbServer): Promise<string> {
  try {
    const conn = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password, connectTimeout: 2000 });
    await conn.query('SELECT 1');
    await conn.end();
    return 'ok';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

(skip ? test.skip : test)('MariaDB is stopped, then started again on the same port and data', async (t) => {
  const db = await MariaDbServer.start();
  t.teardown(() => db.stop());
  t.is(await ping(db), 'ok');
  const fault = dbStopFault(db);
  await fault.inject();
  t.is(await ping(db), 'ECONNREFUSED');
  await fault.remove();
  t.is(await ping(db), 'ok');
});
