import test from 'ava';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { FaxDocuments, FaxDocumentError, type FaxDocumentErrorCode } from '../../src/fax/documents/index.js';
import { inkRatio, makeTempDir, pagePixels } from './helpers/fixtures.js';
import { makePdf } from './helpers/make-pdf.js';

const docs = new FaxDocuments({ maxPages: 4, maxInputBytes: 2 * 1024 * 1024 });
let dir = '';
let cleanup: () => Promise<void> = async () => undefined;

test.before(async () => {
  ({ dir, cleanup } = await makeTempDir('convert'));
});
test.after.always(async () => {
  await docs.close();
  await cleanup();
});

/** A 600 x 800 portrait picture: white, a navy bar at x 100-500, y 100-200, a light grey bar below. */
function portraitPicture() {
  return sharp({ create: { width: 600, height: 800, channels: 3, background: '#ffffff' } }).composite([
    { input: { create: { width: 400, height: 100, channels: 3, background: '#000080' } }, left: 100, top: 100 },
    { input: { create: { width: 400, height: 100, channels: 3, background: '#e0e0e0' } }, left: 100, top: 400 },
  ]);
}

async function convertFile(name: string, content: Buffer | (() => Promise<unknown>), resolution: 'standard' | 'fine' = 'fine') {
  const input = join(dir, name);
  if (Buffer.isBuffer(content)) await writeFile(input, content);
  else await content();
  const outPath = join(dir, `${name}.fax.tif`);
  const written = await docs.convertToFax(input, { resolution, outPath });
  return { outPath, written, info: await docs.faxDocumentInfo(outPath) };
}

test('a two-page PDF becomes two A4 fax pages with the page content in place', async (t) => {
  const { outPath, written, info } = await convertFile('two.pdf', makePdf({ pages: 2 }));
  t.is(written.pages, 2);
  t.true(info.sendable, info.problems.join(' '));
  for (const page of info.pageInfo) t.like(page, { width: 1728, length: 2286, resolution: 'fine', bitsPerSample: 1 });
  // The PDF's black bar runs from 160 to 200 pt below the top, 60 pt in from each side:
  // at ~204 dpi (196 dpi rows) that is rows ~435-545, columns ~190-1540.
  const pixels = await pagePixels(outPath, 1);
  t.true(inkRatio(pixels, 300, 460, 1100, 60) > 0.98);
  t.is(inkRatio(pixels, 0, 700, 1728, 1500), 0, 'nothing below the bar');
});

test('a PDF at standard resolution has 1143-row pages', async (t) => {
  const { written, info } = await convertFile('std.pdf', makePdf({ pages: 1 }), 'standard');
  t.is(written.pages, 1);
  t.like(info.pageInfo[0], { width: 1728, length: 1143, yDpi: 98 });
});

test('a landscape PDF page is turned a quarter to fill the portrait fax page', async (t) => {
  const { outPath } = await convertFile('landscape.pdf', makePdf({ pages: 1, widthPt: 842, heightPt: 595 }));
  const pixels = await pagePixels(outPath, 0);
  t.is(pixels.height, 2286);
  // The bar, horizontal on the landscape page, now stands upright: a tall, narrow ink column.
  let columns = 0;
  for (let x = 0; x < pixels.width; x++) if (inkRatio(pixels, x, 600, 1, 1000) > 0.98) columns++;
  t.true(columns > 80 && columns < 160, `upright bar is ${columns} columns wide`);
});

test('a PNG is scaled to the 1728-pixel line, keeping its proportions; light grey drops out', async (t) => {
  const { outPath, info } = await convertFile('picture.png', () => portraitPicture().png().toFile(join(dir, 'picture.png')));
  t.like(info.pageInfo[0], { width: 1728, length: 2286 });
  const pixels = await pagePixels(outPath, 0);
  // Scale 1728 / 600 = 2.88; rows at 196/204 of that: the navy bar spans x 288-1440, rows 277-553.
  t.true(inkRatio(pixels, 320, 300, 1080, 230) > 0.98);
  t.is(inkRatio(pixels, 0, 0, 1728, 260), 0);
  t.is(inkRatio(pixels, 0, 580, 1728, 2286 - 580), 0, 'the light grey bar is white on the fax');
});

test('a JPEG converts the same way', async (t) => {
  const { outPath, written } = await convertFile('picture.jpg', () => portraitPicture().jpeg({ quality: 90 }).toFile(join(dir, 'picture.jpg')));
  t.is(written.pages, 1);
  const pixels = await pagePixels(outPath, 0);
  t.true(inkRatio(pixels, 320, 300, 1080, 230) > 0.98);
  t.true(inkRatio(pixels, 0, 0, 1728, 260) < 0.001);
});

test('a multi-page standard-resolution fax TIFF converted to fine keeps its proportions (rows doubled)', async (t) => {
  const rows = 1143;
  const raw = Buffer.alloc(1728 * rows * 2, 255);
  raw.fill(0, 1728 * 100, 1728 * 200); // page 1: black rows 100-199
  raw.fill(0, 1728 * (rows + 500), 1728 * (rows + 550)); // page 2: black rows 500-549
  const { outPath, info } = await convertFile('standard-fax.tif', () =>
    sharp(raw, { raw: { width: 1728, height: rows * 2, channels: 1, pageHeight: rows } })
      .toColourspace('b-w')
      .tiff({ compression: 'ccittfax4', bitdepth: 1, miniswhite: true, xres: 204 / 25.4, yres: 98 / 25.4 })
      .toFile(join(dir, 'standard-fax.tif')),
  );
  t.is(info.pages, 2);
  const page1 = await pagePixels(outPath, 0);
  const page2 = await pagePixels(outPath, 1);
  t.true(inkRatio(page1, 0, 205, 1728, 190) > 0.99, 'rows 100-199 became about 200-399');
  t.is(inkRatio(page1, 0, 410, 1728, 1800), 0);
  t.true(inkRatio(page2, 0, 1005, 1728, 90) > 0.99, 'rows 500-549 became about 1000-1099');
});

async function rejects(t: import('ava').ExecutionContext, name: string, content: Buffer | undefined, code: FaxDocumentErrorCode) {
  const input = join(dir, name);
  if (content) await writeFile(input, content);
  const error = await t.throwsAsync(docs.convertToFax(input, { resolution: 'fine', outPath: join(dir, `${name}.out.tif`) }), {
    instanceOf: FaxDocumentError,
  });
  t.is(error?.code, code, `${name}: ${error?.message} ${error?.detail ?? ''}`);
  t.true((error?.message.length ?? 0) > 10);
  t.false(error?.message.includes(dir) ?? true, 'no paths in messages shown to admins');
  t.true((error?.messageZh.length ?? 0) > 4);
}

test('files that are not PDF, PNG, JPEG or TIFF are refused, whatever their name', async (t) => {
  await rejects(t, 'notes.txt', Buffer.from('Opening hours: 9:00-17:00\n'), 'fax_doc_unsupported');
  await rejects(t, 'renamed.pdf', Buffer.from('Opening hours: 9:00-17:00\n'), 'fax_doc_unsupported');
  await rejects(t, 'anim.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'fax_doc_unsupported');
});

test('damaged files are refused as corrupt', async (t) => {
  const png = await portraitPicture().png().toBuffer();
  const jpeg = await portraitPicture().jpeg().toBuffer();
  const pdf = makePdf({ pages: 2 });
  await rejects(t, 'cut.png', png.subarray(0, Math.floor(png.length / 2)), 'fax_doc_corrupt');
  await rejects(t, 'cut.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'fax_doc_corrupt');
  await rejects(t, 'cut.pdf', pdf.subarray(0, 300), 'fax_doc_corrupt');
  const tiff = Buffer.from('49492a00ffffff00', 'hex'); // IFD offset far past the end
  await rejects(t, 'cut.tif', tiff, 'fax_doc_corrupt');
});

test('encrypted, empty and over-long documents are refused with their own codes', async (t) => {
  await rejects(t, 'locked.pdf', makePdf({ pages: 1, encryptedWithUnknownPassword: true }), 'fax_doc_encrypted');
  await rejects(t, 'zero.pdf', makePdf({ pages: 0 }), 'fax_doc_empty');
  await rejects(t, 'empty.png', Buffer.alloc(0), 'fax_doc_empty');
  await rejects(t, 'five.pdf', makePdf({ pages: 5 }), 'fax_doc_too_many_pages');
  const big = Buffer.concat([makePdf({ pages: 1 }), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
  await rejects(t, 'big.pdf', big, 'fax_doc_too_large');
  await rejects(t, 'missing.pdf', undefined, 'fax_doc_not_found');
});

test('a failed conversion leaves no output file behind', async (t) => {
  const outPath = join(dir, 'never.tif');
  await writeFile(join(dir, 'half.png'), (await portraitPicture().png().toBuffer()).subarray(0, 500));
  await t.throwsAsync(docs.convertToFax(join(dir, 'half.png'), { resolution: 'fine', outPath }));
  await t.throwsAsync(readFile(outPath));
});
