/**
 * Number-list imports: a GB18030 CSV (as Excel on Chinese Windows writes it) and an XLSX keep
 * leading zeros and read every column as a variable; a dry run reports each refused row with
 * its reason and stores nothing; a real import stores exactly the accepted rows; duplicates
 * within the file and against the campaign, and do-not-call numbers, are refused.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { openStore, type Store } from '../../src/store/store.js';
import { sqliteConfig } from '../helpers/backends.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { createCampaign, importNumbers } from '../../src/outbound/campaigns.js';
import { campaignCreateSchema } from '../../src/outbound/campaign-settings.js';
import { campaignNumbersRepo } from '../../src/outbound/store/campaign-numbers-repo.js';
import { doNotCallRepo } from '../../src/outbound/store/do-not-call-repo.js';
import { OutboundError } from '../../src/outbound/outbound-errors.js';
import { MAX_IMPORT_ROWS } from '../../src/outbound/import/sheet.js';

const dir = mkdtempSync(join(tmpdir(), 'tellerline-outbound-import-'));
let store: Store;
let tenantId: string;

test.before(async () => {
  store = await openStore(sqliteConfig(join(dir, 'db.sqlite')));
  tenantId = (await tenantsRepo.insert(store.knex, { id: randomUUID(), code: 'ob-bank', name: 'Outbound bank', kind: 'bank', status: 'active' })).id;
});
test.after.always(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newCampaign(name: string) {
  return createCampaign(store.knex, tenantId, campaignCreateSchema.parse({ name, callingNumber: '95588' }), 'tester');
}
const all = { limit: 500, offset: 0 };

test('a GB18030 CSV keeps leading zeros and reads its columns as variables', async (t) => {
  const campaign = await newCampaign('card expiry');
  const csv = '电话,姓名,金额,到期日\r\n075588886666,张三,"1,234.50",2027-01-31\r\n13800000001,李四,88.00,2027-02-28\r\n';
  const bytes = iconv.encode(csv, 'gb18030');
  t.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), undefined, 'the fixture is not valid UTF-8');
  const result = await importNumbers(store.knex, tenantId, campaign.id, bytes, { dryRun: false });
  t.like(result, { format: 'csv', encoding: 'gb18030', phoneColumn: '电话', rows: 2, accepted: 2, stored: 2, refused: [] });
  t.deepEqual(result.variableNames, ['姓名', '金额', '到期日']);
  const numbers = (await campaignNumbersRepo.list(store.knex, tenantId, campaign.id, all)).items;
  t.deepEqual(numbers.map((n) => n.phone), ['075588886666', '13800000001']);
  t.deepEqual(numbers[0]!.variables, { 姓名: '张三', 金额: '1,234.50', 到期日: '2027-01-31' });
  t.like(numbers[0], { sourceRow: 2, attempts: 0, attemptsToday: 0, lastOutcome: null, nextAttemptAt: null });
});

test('a UTF-8 CSV with a BOM and semicolons reads the same way', async (t) => {
  const campaign = await newCampaign('utf8 list');
  const bytes = Buffer.from('\uFEFFphone;name\n+8613800000002;Ada\n', 'utf8');
  const result = await importNumbers(store.knex, tenantId, campaign.id, bytes, { dryRun: false });
  t.like(result, { encoding: 'utf-8', phoneColumn: 'phone', stored: 1 });
  t.deepEqual((await campaignNumbersRepo.list(store.knex, tenantId, campaign.id, all)).items[0]!.variables, { name: 'Ada' });
});

test('an XLSX keeps text-formatted leading zeros and reads numbers and dates as text', async (t) => {
  const campaign = await newCampaign('xlsx list');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('numbers');
  sheet.addRow(['Mobile', 'Name', 'Amount', 'Due date']);
  sheet.addRow(['02188886666', 'Wang Wu', 1500, new Date(Date.UTC(2027, 2, 15))]);
  sheet.addRow([13800000003, '赵六', 12.5, new Date(Date.UTC(2027, 3, 1))]);
  sheet.getColumn(1).numFmt = '@';
  const bytes = new Uint8Array(await book.xlsx.writeBuffer());
  const result = await importNumbers(store.knex, tenantId, campaign.id, bytes, { dryRun: false });
  t.like(result, { format: 'xlsx', encoding: null, phoneColumn: 'Mobile', stored: 2, refused: [] });
  const numbers = (await campaignNumbersRepo.list(store.knex, tenantId, campaign.id, all)).items;
  t.deepEqual(numbers.map((n) => n.phone), ['02188886666', '13800000003']);
  t.deepEqual(numbers[0]!.variables, { Name: 'Wang Wu', Amount: '1500', 'Due date': '2027-03-15' });
  t.deepEqual(numbers[1]!.variables, { Name: '赵六', Amount: '12.5', 'Due date': '2027-04-01' });
});

test('a dry run reports every refused row with its reason and stores nothing; the real import stores the accepted rows', async (t) => {
  const campaign = await newCampaign('refusals');
  await campaignNumbersRepo.insertMany(store.knex, tenantId, campaign.id, [{ phone: '13800000010', variables: {}, sourceRow: 2 }]);
  await doNotCallRepo.insert(store.knex, { id: randomUUID(), tenantId, phone: '13800000011', note: 'asked not to be called', createdBy: 'tester' });
  const csv = [
    'phone,name,card',
    '13800000012,ok one,',
    'not-a-number,bad,',
    ',empty,',
    '138 0000 0012,duplicate in file,',
    '13800000010,already in campaign,',
    '13800000011,on dnc,',
    '6222021234567890123,card as phone,',
    '13800000013,ok two,6222021234567890',
  ].join('\n');
  const bytes = Buffer.from(csv, 'utf8');
  const dry = await importNumbers(store.knex, tenantId, campaign.id, bytes, { dryRun: true });
  t.like(dry, { dryRun: true, rows: 8, accepted: 2, stored: 0 });
  t.deepEqual(
    dry.refused.map((r) => [r.rowNumber, r.reason]),
    [
      [3, 'bad_number'],
      [4, 'missing_number'],
      [5, 'duplicate_in_file'],
      [6, 'duplicate_in_campaign'],
      [7, 'do_not_call'],
      [8, 'bad_number'],
    ],
  );
  t.regex(dry.refused[2]!.message, /row 2/);
  t.false(JSON.stringify(dry.refused).includes('6222021234567890123'), 'a card number is echoed masked');
  t.is(await campaignNumbersRepo.count(store.knex, tenantId, campaign.id), 1, 'the dry run stored nothing');

  const real = await store.knex.transaction((trx) => importNumbers(trx, tenantId, campaign.id, bytes, { dryRun: false }));
  t.like(real, { dryRun: false, accepted: 2, stored: 2 });
  t.deepEqual(real.refused, dry.refused);
  const numbers = (await campaignNumbersRepo.list(store.knex, tenantId, campaign.id, all)).items;
  t.deepEqual(numbers.map((n) => n.phone), ['13800000010', '13800000012', '13800000013']);
  t.is(numbers[2]!.variables['card'], '6222 **** **** 7890', 'a card number in a variable is stored masked');

  const again = await importNumbers(store.knex, tenantId, campaign.id, bytes, { dryRun: true });
  t.is(again.accepted, 0, 'importing the same list twice adds nothing');
});

test('row numbers are the lines of the file, also with blank lines and quoted line breaks', async (t) => {
  const campaign = await newCampaign('row numbers');
  const csv = 'phone,address\n\n13800000030,"line one\nline two"\nbad,x\n';
  const result = await importNumbers(store.knex, tenantId, campaign.id, Buffer.from(csv), { dryRun: true });
  t.deepEqual(result.refused.map((r) => [r.rowNumber, r.reason]), [[5, 'bad_number']]);
});

test('a list that cannot be read is refused with a clear error', async (t) => {
  const campaign = await newCampaign('unreadable');
  const noPhone = await t.throwsAsync(importNumbers(store.knex, tenantId, campaign.id, Buffer.from('name,amount\nA,1\n'), { dryRun: true }), { instanceOf: OutboundError });
  t.is(noPhone.code, 'outbound_import_unreadable');
  t.regex(noPhone.message, /no phone column/);
  const named = await importNumbers(store.knex, tenantId, campaign.id, Buffer.from('who,客户电话\nA,13800000020\n'), { dryRun: true, phoneColumn: '客户电话' });
  t.like(named, { phoneColumn: '客户电话', accepted: 1 });
  const empty = await t.throwsAsync(importNumbers(store.knex, tenantId, campaign.id, Buffer.alloc(0), { dryRun: true }), { instanceOf: OutboundError });
  t.regex(empty.message, /empty/);
  const unclosed = await t.throwsAsync(importNumbers(store.knex, tenantId, campaign.id, Buffer.from('phone,name\n13800000021,"never closed\n'), { dryRun: true }), { instanceOf: OutboundError });
  t.regex(unclosed.message, /CSV cannot be read/);
  const badZip = await t.throwsAsync(importNumbers(store.knex, tenantId, campaign.id, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), { dryRun: true }), { instanceOf: OutboundError });
  t.regex(badZip.message, /XLSX/);
});

test('a list longer than the limit is refused whole, blank lines or not, rather than cut short', async (t) => {
  const campaign = await newCampaign('too long');
  const rows = ['phone'];
  for (let i = 0; i <= MAX_IMPORT_ROWS; i++) rows.push(`0${13800000000 + i}`, '');
  const err = await t.throwsAsync(importNumbers(store.knex, tenantId, campaign.id, Buffer.from(rows.join('\n')), { dryRun: true }), { instanceOf: OutboundError });
  t.is(err.code, 'outbound_import_unreadable');
  t.regex(err.message, /more than 100000 rows/);
  t.is(await campaignNumbersRepo.count(store.knex, tenantId, campaign.id), 0);
});
