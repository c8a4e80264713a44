/**
 * Property tests of the TIFF directory reader behind fax document info and page assembly
 * (src/fax/documents/tiff-structure.ts): whatever pages our writer makes, the reader gives back
 * their size, resolution and strips; whatever bytes a file holds (damaged copies of a good
 * file, or anything behind a TIFF header), reading its directories and strips either succeeds
 * with values inside the file or fails with a FaxDocumentError (corrupt or unsupported) --
 * never a RangeError, a loop or a strip that points outside the file.
 */
import test from 'ava';
import fc from 'fast-check';
import { FaxDocumentError } from '../../src/fax/documents/errors.js';
import { writeFaxTiff, type CodedFaxPage } from '../../src/fax/documents/fax-tiff-writer.js';
import { readTiffStructure, stripsOf } from '../../src/fax/documents/tiff-structure.js';
import { propertyRuns } from './runs.js';

const page: fc.Arbitrary<CodedFaxPage> = fc
  .record({
    width: fc.oneof(fc.constantFrom(1728, 2048, 2432), fc.integer({ min: 1, max: 20_000 })),
    length: fc.integer({ min: 1, max: 5000 }),
    xDpi: fc.oneof(fc.constantFrom(204, 200, 203.25), fc.integer({ min: 1, max: 1200 })),
    yDpi: fc.oneof(fc.constantFrom(98, 196, 391, 97.79), fc.integer({ min: 1, max: 1200 })),
    strips: fc.array(fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)), { minLength: 1, maxLength: 6 }),
  })
  .map(({ width, length, xDpi, yDpi, strips }) => ({ width, length, xDpi, yDpi, strips, rowsPerStrip: Math.max(1, Math.ceil(length / strips.length)) }));
const pages = fc.array(page, { minLength: 1, maxLength: 4 });

/** Reads a file as the server does; returns what came out, or the refusal. Anything else throws. */
function readAll(file: Buffer): { pages: number } | { refused: string } {
  try {
    const structure = readTiffStructure(file);
    for (const p of structure) {
      if (!(p.width > 0 && p.length > 0 && Number.isFinite(p.width) && Number.isFinite(p.length))) {
        throw new Error(`page ${p.index + 1} read with size ${p.width} x ${p.length}`);
      }
      try {
        for (const strip of stripsOf(file, p)) {
          // A strip is a view of the file: it cannot reach past it.
          if (strip.byteOffset < file.byteOffset || strip.byteOffset + strip.length > file.byteOffset + file.length) {
            throw new Error(`page ${p.index + 1}: a strip outside the file`);
          }
        }
      } catch (err) {
        if (!(err instanceof FaxDocumentError)) throw err;
      }
    }
    return { pages: structure.length };
  } catch (err) {
    if (err instanceof FaxDocumentError && (err.code === 'fax_doc_corrupt' || err.code === 'fax_doc_unsupported')) {
      return { refused: err.code };
    }
    throw err;
  }
}

test('what the writer makes, the reader gives back: size, resolution, strips, page order', (t) => {
  fc.assert(
    fc.property(pages, (input) => {
      const file = writeFaxTiff(input);
      const read = readTiffStructure(file);
      if (read.length !== input.length) return false;
      return input.every((p, i) => {
        const r = read[i]!;
        const strips = stripsOf(file, r);
        return (
          r.width === p.width &&
          r.length === p.length &&
          Math.abs((r.xDpi ?? 0) - p.xDpi) < 0.01 &&
          Math.abs((r.yDpi ?? 0) - p.yDpi) < 0.01 &&
          r.rowsPerStrip === Math.min(p.rowsPerStrip, p.length) &&
          r.compression === 4 &&
          strips.length === p.strips.length &&
          strips.every((s, k) => s.equals(p.strips[k]!))
        );
      });
    }),
    propertyRuns(200),
  );
  t.pass();
});

/** A damaged copy of a good file: bytes overwritten, cut short, or spliced in. */
type Damage =
  | { kind: 'overwrite'; edits: Array<[number, number]> }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'u32'; at: number; value: number };
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => ({ kind: 'overwrite' as const, edits })),
  fc.nat().map((at) => ({ kind: 'truncate' as const, at })),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, bytes]) => ({ kind: 'insert' as const, at, bytes })),
  // The classic traps: an offset or a count set to a huge or self-referring value.
  fc.tuple(fc.nat(), fc.constantFrom(0xffffffff, 0x7fffffff, 0x10000, 4, 8, 0)).map(([at, value]) => ({ kind: 'u32' as const, at, value })),
);

function damaged(file: Buffer, d: Damage): Buffer {
  const out = Buffer.from(file);
  if (out.length < 4) return d.kind === 'insert' ? Buffer.concat([out, Buffer.from(d.bytes)]) : out;
  switch (d.kind) {
    case 'overwrite':
      for (const [at, value] of d.edits) out[at % out.length] = value;
      return out;
    case 'truncate':
      return out.subarray(0, d.at % out.length);
    case 'insert': {
      const at = d.at % out.length;
      return Buffer.concat([out.subarray(0, at), Buffer.from(d.bytes), out.subarray(at)]);
    }
    case 'u32': {
      const at = d.at % (out.length - 3);
      out.writeUInt32LE(d.value, at);
      return out;
    }
  }
}
test('a damaged copy of a good file is read or refused as corrupt, never anything else', (t) => {
  let refused = 0;
  let read = 0;
  fc.assert(
    fc.property(pages, fc.array(damage, { minLength: 1, maxLength: 3 }), (input, damages) => {
      let file = writeFaxTiff(input);
      for (const d of damages) file = damaged(file, d);
      const r = readAll(file);
      if ('refused' in r) refused++;
      else read++;
    }),
    propertyRuns(500),
  );
  // Both outcomes must occur, or the damage generator is not testing what it claims.
  t.true(refused > 0, `no damaged file was refused (${read} read)`);
  t.true(read > 0, `no damaged file was still readable (${refused} refused)`);
});

test('anything behind a TIFF header is read or refused as corrupt, never anything else', (t) => {
  const header = fc.constantFrom(Buffer.from('II*\0', 'latin1'), Buffer.from('MM\0*', 'latin1'), Buffer.from('II+\0', 'latin1'));
  fc.assert(
    fc.property(header, fc.uint8Array({ maxLength: 400 }), (head, body) => {
      readAll(Buffer.concat([head, Buffer.from(body)]));
    }),
    propertyRuns(1000),
  );
  t.pass();
});

test('a chain of directories that loops back is refused, not followed forever', (t) => {
  const file = writeFaxTiff([{ width: 1728, length: 10, xDpi: 204, yDpi: 98, rowsPerStrip: 10, strips: [Buffer.from([1, 2, 3])] }]);
  const firstIfd = file.readUInt32LE(4);
  const entries = file.readUInt16LE(firstIfd);
  // The first page's "next directory" pointer points at the first page again.
  file.writeUInt32LE(firstIfd, firstIfd + 2 + entries * 12);
  const r = readAll(file);
  t.deepEqual(r, { refused: 'fax_doc_corrupt' });
  // Positive control: the same file with the pointer cleared reads as one page.
  file.writeUInt32LE(0, firstIfd + 2 + entries * 12);
  t.deepEqual(readAll(file), { pages: 1 });
});
