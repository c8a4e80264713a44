import type { Store } from '../../store/store.js';
import { defineCommand, EXIT } from '../command.js';
import { configFrom, reportFailure } from '../common.js';

export default defineCommand({
  name: 'migrate',
  summary: 'bring the database schema up to date (or show its status, or release a stale lock)',
  usage: `Applies pending migrations to the configured database.

If a previous run was killed while migrating, the lock it held stays set and migrating again is
refused with an explanation. Make sure no other migration is running, then release it with
--unlock and migrate again.`,
  options: {
    status: { type: 'boolean' },
    unlock: { type: 'boolean' },
  },
  optionHelp: {
    status: 'list applied and pending migrations and the lock state; change nothing',
    unlock: 'release a stale migration lock (only when no migration is running)',
  },
  async run({ values, io }) {
    let store: Store | undefined;
    try {
      const config = configFrom(values, io);
      const { createStore } = await import('../../store/store.js');
      const { migrateLatest, migrationStatus, releaseMigrationLock } = await import('../../store/migrate.js');
      store = createStore(config.database);
      await store.ping();
      if (values['status']) {
        const status = await migrationStatus(store.knex);
        io.stdout.write(`database: ${store.target}\n`);
        io.stdout.write(`applied:  ${status.applied.length ? status.applied.join(', ') : '(none)'}\n`);
        io.stdout.write(`pending:  ${status.pending.length ? status.pending.join(', ') : '(none)'}\n`);
        io.stdout.write(`lock:     ${status.locked ? 'HELD (run `tellerline migrate --unlock` if no migration is running)' : 'free'}\n`);
        return EXIT.ok;
      }
      if (values['unlock']) {
        const wasLocked = await releaseMigrationLock(store.knex);
        io.stdout.write(wasLocked ? 'migration lock released\n' : 'the migration lock was not held\n');
        return EXIT.ok;
      }
      const applied = await migrateLatest(store.knex, store.target);
      io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
      return EXIT.ok;
    } catch (err) {
      return reportFailure(err, io, 'migrate');
    } finally {
      await store?.close();
    }
  },
});
