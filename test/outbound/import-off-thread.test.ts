/**
 * Spreadsheet imports are read on a worker thread: a 50,000-row XLSX leaves the event loop
 * turning (the thread that answers calls), comes back whole and in order; the reader's time
 * and heap limits, and the upload size limit, refuse a file with a clear reason.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { openStore, type Store } from '../../src/store/store.js';
import { sqliteConfig } from '../helpers/backends.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { createCampaign, importNumbers } from '../../src/outbound/campaigns.js';
import { campaignCreateSchema } from '../../src/outbound/campaign-settings.js';
import { campaignNumbersRepo } from '../../src/outbound/store/campaign-numbers-repo.js';
import { OutboundError } from '../../src/outbound/outbound-errors.js';
import { readNumberListOffThread } from '../../src/outbound/import/read-list-off-thread.js';
import { MAX_IMPORT_BYTES } from '../../src/outbound/import/sheet.js';

const ROWS = 50_000;
const dir = mkdtempSync(join(tmpdir(), 'tellerline-outbound-import-thread-'));
let store: Store;
let tenantId: string;
let bigXlsx: Promise<Uint8Array>;

async function makeXlsx(rows: number): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('numbers');
  sheet.getColumn(1).numFmt = '@';
  sheet.addRow(['phone', 'name']);
  sheet.addRows(Array.from({ length: rows }, (_, i) => [`0${13800000000 + i}`, `customer ${i}`]));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

test.before(async () => {
  store = await openStore(sqliteConfig(join(dir, 'db.sqlite')));
  tenantId = (await tenantsRepo.insert(store.knex, { id: randomUUID(), code: 'ob-thread', name: 'Outbound thread bank', kind: 'bank', status: 'active' })).id;
  bigXlsx = makeXlsx(ROWS);
});
test.after.always(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

test(`a ${ROWS}-row XLSX is imported while the event loop keeps turning`, async (t) => {
  t.timeout(600_000);
  const bytes = await bigXlsx;
  const campaign = await createCampaign(store.knex, tenantId, campaignCreateSchema.parse({ name: 'big list', callingNumber: '95588' }), 'tester');
  // A 5 ms timer: read on the event loop, the parse would hold it for the whole sheet and the
  // timer would tick a few times at most (measured: 9 during the whole import, 700 off it).
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const result = await importNumbers(store.knex, tenantId, campaign.id, bytes, { dryRun: true });
    t.like(result, { format: 'xlsx', phoneColumn: 'phone', rows: ROWS, accepted: ROWS, stored: 0, refused: [] });
  } finally {
    clearInterval(timer);
    delay.disable();
  }
  t.log(`timer ticks during the import: ${ticks}; event-loop delay max ${Math.round(delay.max / 1e6)} ms, p99 ${Math.round(delay.percentile(99) / 1e6)} ms`);
  t.true(ticks >= 200, `the timer ticked ${ticks} times during the import`);

  const stored = await importNumbers(store.knex, tenantId, campaign.id, bytes, { dryRun: false });
  t.is(stored.stored, ROWS);
  const first = (await campaignNumbersRepo.list(store.knex, tenantId, campaign.id, { limit: 2, offset: 0 })).items;
  t.deepEqual(first.map((n) => [n.phone, n.sourceRow, n.variables['name']]), [['013800000000', 2, 'customer 0'], ['013800000001', 3, 'customer 1']]);
  const last = (await campaignNumbersRepo.list(store.knex, tenantId, campaign.id, { limit: 1, offset: ROWS - 1 })).items;
  t.deepEqual(last.map((n) => [n.phone, n.sourceRow]), [[`0${13800000000 + ROWS - 1}`, ROWS + 1]]);
});

test('the reader is stopped at its time limit and at its heap ceiling, with the reason', async (t) => {
  t.timeout(600_000);
  const bytes = await bigXlsx;
  const late = await t.throwsAsync(readNumberListOffThread(bytes, { timeoutMs: 1 }), { instanceOf: OutboundError });
  t.is(late.code, 'outbound_import_unreadable');
  t.regex(late.message, /took longer than .* split the list/);
  const big = await t.throwsAsync(readNumberListOffThread(bytes, { maxHeapMb: 16 }), { instanceOf: OutboundError });
  t.is(big.code, 'outbound_import_unreadable');
  t.regex(big.message, /unpacks to more than 16 MB: split the list/);
});

test('a bad XLSX and an oversized upload are refused as before, and the caller keeps its bytes', async (t) => {
  t.timeout(600_000);
  const badZip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
  const bad = await t.throwsAsync(readNumberListOffThread(badZip), { instanceOf: OutboundError });
  t.is(bad.code, 'outbound_import_unreadable');
  t.regex(bad.message, /the XLSX file cannot be read/);
  t.deepEqual([...badZip], [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
  const huge = await t.throwsAsync(readNumberListOffThread(new Uint8Array(MAX_IMPORT_BYTES + 1)), { instanceOf: OutboundError });
  t.regex(huge.message, /larger than 20 MB/);
});
