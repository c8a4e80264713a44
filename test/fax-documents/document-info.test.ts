import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { FaxDocuments, FaxDocumentError, faxDocumentInfo } from '../../src/fax/documents/index.js';
import { writeFaxTiff } from '../../src/fax/documents/fax-tiff-writer.js';
import { readTiffStructure } from '../../src/fax/documents/tiff-structure.js';
import { execFileAsync, makeTempDir, sampleStatement } from './helpers/fixtures.js';

const docs = new FaxDocuments();
let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
let statement = '';

test.before(async () => {
  ({ dir, cleanup } = await makeTempDir('info'));
  statement = join(dir, 'statement.tif');
  await docs.renderStatement(sampleStatement(60), { resolution: 'standard', outPath: statement });
});
test.after.always(async () => {
  await docs.close();
  await cleanup();
});

test('describes every page of a fax we wrote', async (t) => {
  const info = await faxDocumentInfo(statement);
  t.is(info.pages, 2);
  t.true(info.sendable);
  t.deepEqual(info.problems, []);
  t.deepEqual(info.pageInfo[1], {
    page: 2,
    width: 1728,
    length: 1143,
    xDpi: 204,
    yDpi: 98,
    resolution: 'standard',
    compression: 'T.6 (MMR)',
    compressionCode: 4,
    bitsPerSample: 1,
    samplesPerPixel: 1,
    photometric: 'min-is-white',
    fillOrder: 'msb-to-lsb',
  });
});

test('names T.4 1D and 2D compression and the fill order of re-coded files', async (t) => {
  const oneD = join(dir, 'g3-1d.tif');
  const twoD = join(dir, 'g3-2d.tif');
  await execFileAsync('tiffcp', ['-c', 'g3:1d', '-f', 'lsb2msb', statement, oneD]);
  await execFileAsync('tiffcp', ['-c', 'g3:2d', statement, twoD]);
  const a = await faxDocumentInfo(oneD);
  const b = await faxDocumentInfo(twoD);
  t.like(a.pageInfo[0], { compression: 'T.4 1D (MH)', fillOrder: 'lsb-to-msb' });
  t.like(b.pageInfo[0], { compression: 'T.4 2D (MR)', fillOrder: 'msb-to-lsb' });
  t.true(a.sendable && b.sendable);
});

test('says why a TIFF that is not a fax cannot be sent', async (t) => {
  const photo = join(dir, 'photo.tif');
  await sharp({ create: { width: 640, height: 480, channels: 3, background: '#336699' } })
    .tiff({ compression: 'lzw', xres: 300 / 25.4, yres: 300 / 25.4 })
    .toFile(photo);
  const info = await faxDocumentInfo(photo);
  t.false(info.sendable);
  t.like(info.pageInfo[0], { width: 640, bitsPerSample: 8, samplesPerPixel: 3, resolution: 'other', compression: 'LZW' });
  t.is(info.problems.length, 3);
  t.regex(info.problems.join(' '), /not black and white/);
  t.regex(info.problems.join(' '), /640 pixels wide/);
  t.regex(info.problems.join(' '), /fax resolution/);
});

test('refuses files that are not TIFF, are missing, or are damaged', async (t) => {
  const text = join(dir, 'text.tif');
  await writeFile(text, 'not a tiff');
  t.is((await t.throwsAsync(faxDocumentInfo(text), { instanceOf: FaxDocumentError }))?.code, 'fax_doc_unsupported');
  t.is((await t.throwsAsync(faxDocumentInfo(join(dir, 'none.tif')), { instanceOf: FaxDocumentError }))?.code, 'fax_doc_not_found');
  const loop = Buffer.alloc(8 + 2 + 12 + 4);
  loop.write('II', 0, 'latin1');
  loop.writeUInt16LE(42, 2);
  loop.writeUInt32LE(8, 4);
  loop.writeUInt16LE(1, 8);
  loop.writeUInt16LE(256, 10); // ImageWidth SHORT 1728
  loop.writeUInt16LE(3, 12);
  loop.writeUInt32LE(1, 14);
  loop.writeUInt16LE(1728, 18);
  loop.writeUInt32LE(8, 22); // next IFD points back to itself
  const looping = join(dir, 'loop.tif');
  await writeFile(looping, loop);
  t.is((await t.throwsAsync(faxDocumentInfo(looping), { instanceOf: FaxDocumentError }))?.code, 'fax_doc_corrupt');
});

test('the TIFF writer and reader agree, in both byte orders of input', (t) => {
  const strips = [Buffer.from([1, 2, 3]), Buffer.from([4, 5, 6, 7])];
  const file = writeFaxTiff([
    { width: 1728, length: 300, xDpi: 204, yDpi: 196, rowsPerStrip: 256, strips },
    { width: 1728, length: 10, xDpi: 204, yDpi: 97.5, rowsPerStrip: 10, strips: [Buffer.from([9])] },
  ]);
  const [first, second] = readTiffStructure(file);
  t.like(first, { width: 1728, length: 300, xDpi: 204, yDpi: 196, compression: 4, photometric: 0, rowsPerStrip: 256 });
  t.deepEqual(
    first?.stripOffsets.map((offset, i) => [...file.subarray(offset, offset + (first.stripByteCounts[i] ?? 0))]),
    [[1, 2, 3], [4, 5, 6, 7]],
  );
  t.like(second, { length: 10, yDpi: 97.5 });
  // Big-endian header with one IFD.
  const be = Buffer.alloc(8 + 2 + 2 * 12 + 4);
  be.write('MM', 0, 'latin1');
  be.writeUInt16BE(42, 2);
  be.writeUInt32BE(8, 4);
  be.writeUInt16BE(2, 8);
  be.writeUInt16BE(256, 10);
  be.writeUInt16BE(3, 12);
  be.writeUInt32BE(1, 14);
  be.writeUInt16BE(1728, 18);
  be.writeUInt16BE(257, 22);
  be.writeUInt16BE(4, 24);
  be.writeUInt32BE(1, 26);
  be.writeUInt32BE(2286, 30);
  t.like(readTiffStructure(be)[0], { width: 1728, length: 2286 });
});
