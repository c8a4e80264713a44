import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FaxDocuments } from '../../src/fax/documents/index.js';
import { execFileAsync, makeTempDir, sampleStatement } from './helpers/fixtures.js';

const docs = new FaxDocuments();
let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
let original = '';

test.before(async () => {
  ({ dir, cleanup } = await makeTempDir('compare'));
  original = join(dir, 'original.tif');
  await docs.renderStatement(sampleStatement(100), { resolution: 'fine', outPath: original });
});
test.after.always(async () => {
  await docs.close();
  await cleanup();
});

test('a fax re-coded by another encoder (T.4 2D, LSB-first, other strips) has identical pixels', async (t) => {
  const recoded = join(dir, 'recoded.tif');
  await execFileAsync('tiffcp', ['-c', 'g3:2d:fill', '-f', 'lsb2msb', '-r', '64', original, recoded]);
  const [a, b] = await Promise.all([readFile(original), readFile(recoded)]);
  t.false(a.equals(b));
  const result = await docs.compareFaxImages(original, recoded);
  t.deepEqual(result, {
    identical: true,
    pagesA: 3,
    pagesB: 3,
    pages: [1, 2, 3].map((page) => ({ page, differingPixels: 0, sameSize: true, sameResolution: true })),
  });
});

test('one changed transaction shows up as differing pixels on its page only', async (t) => {
  const data = sampleStatement(100);
  const index = 50; // on page 2
  data.transactions[index] = { ...data.transactions[index]!, description: '柜台存款 Counter deposit' };
  const changed = join(dir, 'changed.tif');
  await docs.renderStatement(data, { resolution: 'fine', outPath: changed });
  const result = await docs.compareFaxImages(original, changed);
  t.false(result.identical);
  t.is(result.pages[0]?.differingPixels, 0);
  t.true((result.pages[1]?.differingPixels ?? 0) > 100);
  t.is(result.pages[2]?.differingPixels, 0);
});

test('a missing page, or another resolution, is not identical', async (t) => {
  const twoPages = join(dir, 'two-pages.tif');
  await execFileAsync('tiffcp', [`${original},0,1`, twoPages]);
  const fewer = await docs.compareFaxImages(original, twoPages);
  t.false(fewer.identical);
  t.is(fewer.pagesA, 3);
  t.is(fewer.pagesB, 2);
  t.true(fewer.pages.every((p) => p.differingPixels === 0));

  const standard = join(dir, 'standard.tif');
  await docs.renderStatement(sampleStatement(100), { resolution: 'standard', outPath: standard });
  const other = await docs.compareFaxImages(original, standard);
  t.false(other.identical);
  t.false(other.pages[0]?.sameSize);
  t.false(other.pages[0]?.sameResolution);
  t.true((other.pages[0]?.differingPixels ?? 0) > 0);
});
