import test from 'ava';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { FaxDocuments, FaxDocumentError } from '../../src/fax/documents/index.js';
import { inkRatio, makeTempDir, pagePixels, sampleStatement } from './helpers/fixtures.js';

const docs = new FaxDocuments();
let dir = '';
let cleanup: () => Promise<void> = async () => undefined;

test.before(async () => {
  ({ dir, cleanup } = await makeTempDir('png'));
});
test.after.always(async () => {
  await docs.close();
  await cleanup();
});

test('every page of a standard-resolution fax becomes a PNG with its rows doubled', async (t) => {
  const tiff = join(dir, 'standard.tif');
  await docs.renderStatement(sampleStatement(100), { resolution: 'standard', outPath: tiff });
  const outDir = join(dir, 'standard-png');
  const pages = await docs.renderPagesToPng(tiff, outDir);
  t.deepEqual(
    pages.map((p) => [p.page, p.width, p.height]),
    [
      [1, 1728, 2286],
      [2, 1728, 2286],
      [3, 1728, 2286],
    ],
  );
  t.deepEqual((await readdir(outDir)).sort(), ['page-001.png', 'page-002.png', 'page-003.png']);
  const meta = await sharp(join(outDir, 'page-002.png')).metadata();
  t.is(meta.format, 'png');
  // Row r of the fax is rows 2r and 2r+1 of the PNG.
  const fax = await pagePixels(tiff, 1);
  const png = await pagePixels(join(outDir, 'page-002.png'), 0);
  let mismatches = 0;
  for (let y = 0; y < fax.height; y++) {
    for (let x = 0; x < 1728; x++) {
      const v = fax.black[y * 1728 + x];
      if (png.black[2 * y * 1728 + x] !== v || png.black[(2 * y + 1) * 1728 + x] !== v) mismatches++;
    }
  }
  t.is(mismatches, 0);
  t.true(inkRatio(png, 0, 0, 1728, 2286) > 0.01);
});

test('a fine-resolution fax keeps its rows', async (t) => {
  const tiff = join(dir, 'fine.tif');
  await docs.renderStatement(sampleStatement(3), { resolution: 'fine', outPath: tiff });
  const pages = await docs.renderPagesToPng(tiff, join(dir, 'fine-png'));
  t.is(pages.length, 1);
  t.like(pages[0], { width: 1728, height: 2286 });
  const fax = await pagePixels(tiff, 0);
  const png = await pagePixels(pages[0]!.path, 0);
  t.true(Buffer.from(png.black).equals(Buffer.from(fax.black)));
});

test('a file that is not a TIFF is refused', async (t) => {
  const error = await t.throwsAsync(docs.renderPagesToPng(join(dir, 'nothing.tif'), join(dir, 'x')), { instanceOf: FaxDocumentError });
  t.is(error?.code, 'fax_doc_not_found');
  const png = join(dir, 'picture.png');
  await sharp({ create: { width: 100, height: 100, channels: 3, background: '#ffffff' } }).png().toFile(png);
  const error2 = await t.throwsAsync(docs.renderPagesToPng(png, join(dir, 'y')), { instanceOf: FaxDocumentError });
  t.is(error2?.code, 'fax_doc_unsupported');
});
