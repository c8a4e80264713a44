/**
 * `records.maxHeld`: how many record operations memory holds while the database and the journal
 * are both away. The configured bound is the one the server's records writer applies (default
 * 20,000), it can be set by a variable, and a bad value is refused at start naming the key.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig, ConfigError } from '../../src/app-config.js';
import { createServer } from '../../src/server.js';
import { openStore } from '../../src/store/store.js';
import { switchableStore } from '../helpers/switchable-store.js';
import { RecordsService } from '../../src/records/service.js';
import { Journal } from '../../src/records/journal.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { sqliteConfig } from '../helpers/backends.js';
import { quietLogger } from '../helpers/server.js';

const root = mkdtempSync(join(tmpdir(), 'tl-max-held-'));
test.after.always(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `d${++dirs}`);

test('records.maxHeld defaults to 20,000, is read from TELLERLINE_RECORDS_MAX_HELD, and a bad value names the key', (t) => {
  t.is(loadConfig({ env: {} }).records.maxHeld, 20_000);
  t.is(loadConfig({ env: { TELLERLINE_RECORDS_MAX_HELD: '3' } }).records.maxHeld, 3);
  for (const bad of ['0', '-5', 'many', '2.5']) {
    const err = t.throws(() => loadConfig({ env: { TELLERLINE_RECORDS_MAX_HELD: bad } }), { instanceOf: ConfigError });
    t.regex(err!.message, /records\.maxHeld/, `value ${bad}`);
  }
});

for (const [title, records, expected] of [
  ['the configured bound is the one the server applies', { maxHeld: 3 }, 3],
  ['without the key the server applies 20,000', undefined, 20_000],
] as const) {
  test(title, async (t) => {
    const dir = freshDir();
    const server = await createServer({
      config: { database: sqliteConfig(join(dir, 'tellerline.sqlite')), data: { dir: join(dir, 'data') }, log: { level: 'silent' }, ...(records ? { records } : {}) },
      logger: quietLogger(),
    });
    try {
      t.is(server.services.records.maxHeldInMemory, expected);
    } finally {
      await server.stop(1000);
    }
  });
}

/** A journal whose disk is full: every append fails as ENOSPC. */
class FullJournal extends Journal {
  protected override async writeDurably(_handle: FileHandle, _line: Buffer): Promise<void> {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }
}

test('with the database and the journal away, memory holds exactly the configured number of records', async (t) => {
  const config = parseConfig({ records: { maxHeld: 3 } });
  const dir = freshDir();
  const store = await openStore(sqliteConfig(join(dir, 'tellerline.sqlite')));
  const tenantId = randomUUID();
  await tenantsRepo.insert(store.knex, { id: tenantId, code: 'held', name: 'Held', kind: 'bank', status: 'active' });
  const db = switchableStore(store);
  const records = new RecordsService({ store: db, journalDir: join(dir, 'journal'), nodeId: 'held-node', logger: quietLogger(), journal: new FullJournal(join(dir, 'journal')), maxHeld: config.records.maxHeld });
  await records.start();
  try {
    const legId = await records.cdr.offered({ tenantId, direction: 'inbound', span: 0, channel: 1, calling: '13900000001', called: '95588' });
    db.down = true;
    await records.cdr.answered(legId);
    await records.cdr.queued(legId, { queue: 'general' });
    await records.cdr.connected(legId, { agentId: 'agent-1' });
    t.is(records.heldInMemory, 3, 'three held');
    const refused = await records.cdr.released(legId, { disposition: 'NORMAL', cause: 16 }).then(
      () => undefined,
      (err: Error & { code?: string }) => err,
    );
    t.is(refused?.code, 'RECORD_NOT_KEPT', 'the fourth is refused');
    t.is(records.heldInMemory, 3);
  } finally {
    db.down = false;
    await records.stop();
    await store.close();
  }
});
