/**
 * Writes a multi-page TIFF/F file from pages whose T.6 (CCITT G4) strips are already
 * coded. We write the container ourselves so that the tag set is exactly what a fax
 * file needs and nothing else: no DateTime, Software or host tags, so the same pages
 * always give byte-identical files. Little-endian classic TIFF, one IFD per page.
 */

import { COMPRESSION, RESOLUTION_UNIT, TAG } from './tiff-structure.js';

export interface CodedFaxPage {
  width: number;
  length: number;
  xDpi: number;
  yDpi: number;
  rowsPerStrip: number;
  /** T.6-coded strips, FillOrder MSB-to-LSB, MinIsWhite. */
  strips: Buffer[];
}

const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const PHOTOMETRIC_MIN_IS_WHITE = 0;
const FILL_ORDER_MSB_TO_LSB = 1;
const SUBFILE_TYPE_PAGE = 2;
const ORIENTATION_TOP_LEFT = 1;
const PLANAR_CONTIGUOUS = 1;

interface Entry {
  tag: number;
  type: number;
  values: number[];
}

export function writeFaxTiff(pages: readonly CodedFaxPage[]): Buffer {
  const chunks: Buffer[] = [];
  let size = 0;
  const append = (chunk: Buffer): number => {
    const at = size;
    chunks.push(chunk);
    size += chunk.length;
    if (size % 2 === 1) {
      // TIFF wants word-aligned offsets for everything that follows.
      chunks.push(Buffer.alloc(1));
      size += 1;
    }
    return at;
  };

  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  append(header);

  let previousNextPointer = 4; // where the offset of the next IFD goes
  pages.forEach((page, pageIndex) => {
    const offsets = page.strips.map((strip) => append(strip));
    const entries: Entry[] = [
      { tag: TAG.NewSubfileType, type: LONG, values: [SUBFILE_TYPE_PAGE] },
      { tag: TAG.ImageWidth, type: LONG, values: [page.width] },
      { tag: TAG.ImageLength, type: LONG, values: [page.length] },
      { tag: TAG.BitsPerSample, type: SHORT, values: [1] },
      { tag: TAG.Compression, type: SHORT, values: [COMPRESSION.CcittT6] },
      { tag: TAG.Photometric, type: SHORT, values: [PHOTOMETRIC_MIN_IS_WHITE] },
      { tag: TAG.FillOrder, type: SHORT, values: [FILL_ORDER_MSB_TO_LSB] },
      { tag: TAG.StripOffsets, type: LONG, values: offsets },
      { tag: TAG.Orientation, type: SHORT, values: [ORIENTATION_TOP_LEFT] },
      { tag: TAG.SamplesPerPixel, type: SHORT, values: [1] },
      { tag: TAG.RowsPerStrip, type: LONG, values: [page.rowsPerStrip] },
      { tag: TAG.StripByteCounts, type: LONG, values: page.strips.map((s) => s.length) },
      { tag: TAG.XResolution, type: RATIONAL, values: [page.xDpi] },
      { tag: TAG.YResolution, type: RATIONAL, values: [page.yDpi] },
      { tag: TAG.PlanarConfig, type: SHORT, values: [PLANAR_CONTIGUOUS] },
      { tag: TAG.T6Options, type: LONG, values: [0] },
      { tag: TAG.ResolutionUnit, type: SHORT, values: [RESOLUTION_UNIT.Inch] },
      { tag: TAG.PageNumber, type: SHORT, values: [pageIndex, pages.length] },
    ];

    // Values that do not fit in the 4-byte entry field go before the IFD.
    const outOfLine = new Map<number, number>();
    for (const entry of entries) {
      const bytes = valueBytes(entry);
      if (bytes.length > 4) outOfLine.set(entry.tag, append(bytes));
    }

    const ifd = Buffer.alloc(2 + entries.length * 12 + 4);
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach((entry, i) => {
      const at = 2 + i * 12;
      ifd.writeUInt16LE(entry.tag, at);
      ifd.writeUInt16LE(entry.type, at + 2);
      ifd.writeUInt32LE(entry.values.length, at + 4);
      const external = outOfLine.get(entry.tag);
      if (external !== undefined) ifd.writeUInt32LE(external, at + 8);
      else valueBytes(entry).copy(ifd, at + 8);
    });
    const ifdOffset = append(ifd);
    patchUInt32(chunks, previousNextPointer, ifdOffset);
    previousNextPointer = ifdOffset + ifd.length - 4;
  });
  return Buffer.concat(chunks, size);
}

function valueBytes(entry: Entry): Buffer {
  if (entry.type === SHORT) {
    const out = Buffer.alloc(entry.values.length * 2);
    entry.values.forEach((v, i) => out.writeUInt16LE(v, i * 2));
    return out;
  }
  if (entry.type === LONG) {
    const out = Buffer.alloc(entry.values.length * 4);
    entry.values.forEach((v, i) => out.writeUInt32LE(v, i * 4));
    return out;
  }
  // RATIONAL: fax resolutions are whole dpi, or exact to 1/100 dpi.
  const out = Buffer.alloc(entry.values.length * 8);
  entry.values.forEach((v, i) => {
    const whole = Number.isInteger(v);
    out.writeUInt32LE(whole ? v : Math.round(v * 100), i * 8);
    out.writeUInt32LE(whole ? 1 : 100, i * 8 + 4);
  });
  return out;
}

/** Writes a little-endian 32-bit value at an absolute file offset across the chunk list. */
function patchUInt32(chunks: Buffer[], at: number, value: number): void {
  let base = 0;
  for (const chunk of chunks) {
    if (at >= base && at + 4 <= base + chunk.length) {
      chunk.writeUInt32LE(value, at - base);
      return;
    }
    base += chunk.length;
  }
  throw new Error(`TIFF writer: offset ${at} does not lie inside one chunk`);
}
