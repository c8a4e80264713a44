import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FaxDocuments, faxDocumentInfo, FaxDocumentError } from '../../src/fax/documents/index.js';
import { mm } from '../../src/fax/documents/fax-format.js';
import { layoutStatement, paginate, ROWS_PER_PAGE, SUMMARY_ROWS, pageLabel } from '../../src/fax/documents/statement-layout.js';
import {
  formatMinorUnits,
  maskAccountNumber,
  singleLine,
  validateStatementData,
} from '../../src/fax/documents/statement-data.js';
import { FULL_ACCOUNT_NUMBER, inkRatio, makeTempDir, pagePixels, sampleStatement, tiffinfo } from './helpers/fixtures.js';

const docs = new FaxDocuments();
let dir = '';
let cleanup: () => Promise<void> = async () => undefined;

test.before(async () => {
  ({ dir, cleanup } = await makeTempDir('statement'));
});
test.after.always(async () => {
  await docs.close();
  await cleanup();
});

test('a 3-row statement is one A4 fax page, 1728 wide, 1-bit, MinIsWhite, T.6, fine resolution', async (t) => {
  const outPath = join(dir, 'three-fine.tif');
  const written = await docs.renderStatement(sampleStatement(3), { resolution: 'fine', outPath });
  t.is(written.pages, 1);
  const info = await faxDocumentInfo(outPath);
  t.is(info.pages, 1);
  t.true(info.sendable, info.problems.join(' '));
  t.like(info.pageInfo[0], {
    width: 1728,
    length: 2286,
    xDpi: 204,
    yDpi: 196,
    resolution: 'fine',
    bitsPerSample: 1,
    samplesPerPixel: 1,
    photometric: 'min-is-white',
    compression: 'T.6 (MMR)',
  });
  // The same facts as libtiff itself reads them.
  const libtiff = await tiffinfo(outPath);
  t.regex(libtiff, /Image Width: 1728 Image Length: 2286/);
  t.regex(libtiff, /Resolution: 204, 196 pixels\/inch/);
  t.regex(libtiff, /Bits\/Sample: 1/);
  t.regex(libtiff, /Photometric Interpretation: min-is-white/);
  t.regex(libtiff, /Compression Scheme: CCITT Group 4/);
  t.notRegex(libtiff, /DateTime|Software|HostComputer/);
});

test('a 100-row statement at standard resolution has 3 pages of 1143 rows at 204 x 98 dpi', async (t) => {
  const outPath = join(dir, 'hundred-standard.tif');
  const written = await docs.renderStatement(sampleStatement(100), { resolution: 'standard', outPath });
  t.is(written.pages, 3);
  const info = await faxDocumentInfo(outPath);
  t.is(info.pages, 3);
  for (const page of info.pageInfo) {
    t.like(page, { width: 1728, length: 1143, xDpi: 204, yDpi: 98, resolution: 'standard', bitsPerSample: 1 });
  }
  const libtiff = await tiffinfo(outPath);
  t.is(libtiff.match(/TIFF Directory at offset/g)?.length, 3);
  t.is(libtiff.match(/Resolution: 204, 98 pixels\/inch/g)?.length, 3);
  t.regex(libtiff, /Page Number: 2-3/);
});

test('pagination keeps rows whole and leaves room for the summary on the last page', (t) => {
  t.deepEqual(paginate(0), [0]);
  t.deepEqual(paginate(3), [3]);
  t.deepEqual(paginate(100), [ROWS_PER_PAGE, ROWS_PER_PAGE, 100 - 2 * ROWS_PER_PAGE]);
  // A remainder that fills a page but leaves no room for the totals moves a row on.
  t.deepEqual(paginate(ROWS_PER_PAGE), [ROWS_PER_PAGE - 1, 1]);
  for (let n = 0; n <= 100; n++) {
    const pages = paginate(n);
    t.is(pages.reduce((a, b) => a + b, 0), n);
    t.true(pages.every((rows) => rows <= ROWS_PER_PAGE));
    t.true((pages.at(-1) ?? 0) <= ROWS_PER_PAGE - SUMMARY_ROWS);
  }
});

test('each page carries its bilingual page number and the masked account, never the full number', (t) => {
  const plans = layoutStatement(validateStatementData(sampleStatement(100)));
  t.is(plans.length, 3);
  plans.forEach((plan, i) => {
    const texts = plan.items.flatMap((item) => (item.kind === 'text' ? [item.text] : []));
    t.true(texts.includes(pageLabel(i + 1, 3)));
    t.true(texts.includes('账号 Account No.: 6222 **** **** 1234'));
    t.true(texts.some((s) => s.startsWith('日期 Date')));
  });
  t.is(pageLabel(1, 3), '第 1/3 页  Page 1 of 3');
  t.false(JSON.stringify(plans).includes(FULL_ACCOUNT_NUMBER.slice(4, 12)));
});

test('account masking, amount formatting and one-line text', (t) => {
  t.is(maskAccountNumber('6222 0212 3456 1234'), '6222 **** **** 1234');
  t.is(maskAccountNumber('6222021234567891234'), '6222 **** **** 1234');
  t.is(maskAccountNumber('1234567890'), '**** 7890');
  t.is(maskAccountNumber('123'), '****');
  t.is(formatMinorUnits(123456789), '1,234,567.89');
  t.is(formatMinorUnits(-5), '-0.05');
  t.is(formatMinorUnits(0), '0.00');
  t.is(singleLine('a\nb\t\u0007c   d'), 'a b c d');
});

test('glyphs are drawn: the bank name region has ink, the blank margin has none, and different names differ', async (t) => {
  const a = join(dir, 'name-a.tif');
  const b = join(dir, 'name-b.tif');
  await docs.renderStatement(sampleStatement(3, { bankName: '中国某某银行' }), { resolution: 'fine', outPath: a });
  await docs.renderStatement(sampleStatement(3, { bankName: '华夏某某商业银行' }), { resolution: 'fine', outPath: b });
  const pa = await pagePixels(a, 0);
  const pb = await pagePixels(b, 0);
  const row = (canvasY: number) => Math.round((canvasY * 196) / 204); // canvas (204 dpi) to fine rows
  const title = { left: mm(40), top: row(mm(9)), width: mm(70), height: row(mm(9)) }; // right of the logo box
  const inkA = inkRatio(pa, title.left, title.top, title.width, title.height);
  // Strokes of CJK characters: clearly inked, far from a solid block (which missing-glyph
  // boxes or a failed threshold would give).
  t.true(inkA > 0.05 && inkA < 0.6, `title ink ratio ${inkA}`);
  t.is(inkRatio(pa, 0, 0, 1728, row(mm(7))), 0, 'top margin is blank');
  t.is(inkRatio(pa, 0, 0, mm(10), pa.height), 0, 'left margin is blank');
  let differing = 0;
  for (let y = title.top; y < title.top + title.height; y++) {
    for (let x = title.left; x < title.left + title.width; x++) {
      if (pa.black[y * 1728 + x] !== pb.black[y * 1728 + x]) differing++;
    }
  }
  t.true(differing > 1000, `title pixels differing: ${differing}`);
});

test('the same data gives a byte-identical file, also from a fresh worker process', async (t) => {
  const first = join(dir, 'det-1.tif');
  const second = join(dir, 'det-2.tif');
  const third = join(dir, 'det-3.tif');
  const data = sampleStatement(40);
  await docs.renderStatement(data, { resolution: 'fine', outPath: first });
  await docs.renderStatement(data, { resolution: 'fine', outPath: second });
  const other = new FaxDocuments();
  try {
    await other.renderStatement(data, { resolution: 'fine', outPath: third });
  } finally {
    await other.close();
  }
  const [b1, b2, b3] = await Promise.all([readFile(first), readFile(second), readFile(third)]);
  t.true(b1.equals(b2));
  t.true(b1.equals(b3));
});

test('invalid statement data is refused before rendering, without echoing the account number', async (t) => {
  const tooMany = sampleStatement(101);
  const error = await t.throwsAsync(docs.renderStatement(tooMany, { resolution: 'fine', outPath: join(dir, 'x.tif') }), {
    instanceOf: FaxDocumentError,
  });
  t.is(error?.code, 'fax_doc_invalid_data');
  const badAccount = sampleStatement(1, { accountNumber: `${FULL_ACCOUNT_NUMBER}X` });
  const error2 = await t.throwsAsync(docs.renderStatement(badAccount, { resolution: 'fine', outPath: join(dir, 'y.tif') }));
  t.is((error2 as FaxDocumentError).code, 'fax_doc_invalid_data');
  t.false(error2?.message.includes(FULL_ACCOUNT_NUMBER) ?? true);
  const badAmount = sampleStatement(1);
  (badAmount.transactions[0] as { amount: number }).amount = 12.5;
  const error3 = await t.throwsAsync(docs.renderStatement(badAmount, { resolution: 'fine', outPath: join(dir, 'z.tif') }));
  t.is((error3 as FaxDocumentError).code, 'fax_doc_invalid_data');
  const badResolution = docs.renderStatement(sampleStatement(1), { resolution: 'super' as never, outPath: join(dir, 'w.tif') });
  t.is(((await t.throwsAsync(badResolution)) as FaxDocumentError).code, 'fax_doc_invalid_data');
});

test('markup-like text from the core system is drawn as text, not interpreted', async (t) => {
  const outPath = join(dir, 'markup.tif');
  const data = sampleStatement(2, { customerName: '<b>张 & 三</b>' });
  data.transactions[0] = { ...data.transactions[0]!, description: '<span foreground="white">隐藏</span> &amp; 5 < 6' };
  const written = await docs.renderStatement(data, { resolution: 'standard', outPath });
  t.is(written.pages, 1);
});

test('a missing CJK font is reported plainly, before any rendering', async (t) => {
  const noFonts = new FaxDocuments({ fonts: { regular: join(dir, 'none.ttc'), bold: join(dir, 'none-bold.ttc') } });
  try {
    const error = await t.throwsAsync(noFonts.renderStatement(sampleStatement(1), { resolution: 'fine', outPath: join(dir, 'nf.tif') }), {
      instanceOf: FaxDocumentError,
    });
    t.is(error?.code, 'fax_doc_render_failed');
    t.regex(error?.message ?? '', /fonts-noto-cjk/);
    t.is(noFonts.workerPid, undefined);
  } finally {
    await noFonts.close();
  }
});
