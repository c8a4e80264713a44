/**
 * spandsp 0.0.6 reads what we write: a small C program (test/fixtures/fax/
 * spandsp-t4-roundtrip.c), built here against -lspandsp -ltiff, opens our file with
 * t4_tx_init exactly as t30_set_tx_file does, codes every page for the line, decodes it
 * with t4_rx into a new TIFF, and the pixels of that file must equal ours.
 */

import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { FaxDocuments } from '../../src/fax/documents/index.js';
import { makeTempDir, sampleStatement } from './helpers/fixtures.js';
import { makePdf } from './helpers/make-pdf.js';
import { buildSpandspCheck, type SpandspRoundTrip } from './helpers/spandsp-check.js';

const T4_X_RESOLUTION_R8 = 8031;
const T4_Y_RESOLUTION_STANDARD = 3850;
const T4_Y_RESOLUTION_FINE = 7700;

const docs = new FaxDocuments();
let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
let roundTrip: (input: string, output: string) => Promise<SpandspRoundTrip>;

test.before(async () => {
  ({ dir, cleanup } = await makeTempDir('spandsp'));
  roundTrip = await buildSpandspCheck(dir);
});
test.after.always(async () => {
  await docs.close();
  await cleanup();
});

for (const [resolution, yCode, rows] of [
  ['standard', T4_Y_RESOLUTION_STANDARD, 1143],
  ['fine', T4_Y_RESOLUTION_FINE, 2286],
] as const) {
  test(`spandsp's T.4 transmitter sends a ${resolution} statement and the decoded pixels are ours`, async (t) => {
    const ours = join(dir, `statement-${resolution}.tif`);
    const theirs = join(dir, `statement-${resolution}-through-spandsp.tif`);
    await docs.renderStatement(sampleStatement(100), { resolution, outPath: ours });
    const result = await roundTrip(ours, theirs);
    t.deepEqual(result, {
      accepted: true,
      pages: 3,
      width: 1728,
      xResolution: T4_X_RESOLUTION_R8,
      yResolution: yCode,
      rows: [rows, rows, rows],
    });
    const comparison = await docs.compareFaxImages(ours, theirs);
    t.true(comparison.identical, JSON.stringify(comparison));
    // spandsp re-codes the file (its own strips, fill order, tags): the bytes differ.
    const receivedInfo = await docs.faxDocumentInfo(theirs);
    t.is(receivedInfo.pageInfo[0]?.fillOrder, 'lsb-to-msb');
  });
}

test('a converted PDF upload is sendable by spandsp too', async (t) => {
  const pdf = join(dir, 'upload.pdf');
  await writeFile(pdf, makePdf({ pages: 2 }));
  const ours = join(dir, 'upload.tif');
  await docs.convertToFax(pdf, { resolution: 'fine', outPath: ours });
  const result = await roundTrip(ours, join(dir, 'upload-through-spandsp.tif'));
  t.like(result, { accepted: true, pages: 2, width: 1728, yResolution: T4_Y_RESOLUTION_FINE });
  t.true((await docs.compareFaxImages(ours, join(dir, 'upload-through-spandsp.tif'))).identical);
});

test('the check can fail: spandsp refuses a greyscale TIFF', async (t) => {
  const grey = join(dir, 'grey.tif');
  await sharp({ create: { width: 1728, height: 100, channels: 3, background: '#808080' } })
    .toColourspace('b-w')
    .tiff({ compression: 'lzw' })
    .toFile(grey);
  const result = await roundTrip(grey, join(dir, 'grey-out.tif'));
  t.false(result.accepted);
});
