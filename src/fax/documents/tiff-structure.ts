/**
 * Reads the directory structure of a classic TIFF file (tags of every IFD, strip
 * locations), without decoding pixels. Used for faxDocumentInfo, to learn the per-page
 * resolution of uploaded TIFFs, and by the worker to lift the coded strips out of
 * single-page TIFFs when it assembles a multi-page fax file.
 *
 * Every offset and count is bounds-checked: a damaged file raises fax_doc_corrupt,
 * never an out-of-range read or an endless IFD loop.
 */

import { FaxDocumentError } from './errors.js';

export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  FillOrder: 266,
  StripOffsets: 273,
  Orientation: 274,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  XResolution: 282,
  YResolution: 283,
  PlanarConfig: 284,
  T4Options: 292,
  T6Options: 293,
  ResolutionUnit: 296,
  PageNumber: 297,
} as const;

export const COMPRESSION = { None: 1, CcittRle: 2, CcittT4: 3, CcittT6: 4 } as const;
export const RESOLUTION_UNIT = { None: 1, Inch: 2, Centimetre: 3 } as const;

/** Bytes per value of each TIFF field type (index = type code). */
const TYPE_SIZE: readonly number[] = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];
const MAX_PAGES = 10_000;
const MAX_ENTRIES_PER_IFD = 4096;

export interface TiffPageStructure {
  /** 0-based position of the IFD in the file. */
  index: number;
  width: number;
  length: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  compression: number;
  /** Undefined when the tag is absent. */
  photometric: number | undefined;
  fillOrder: number;
  t4Options: number;
  /** Dots per inch, converted from the file's unit; undefined if absent or unit-less. */
  xDpi: number | undefined;
  yDpi: number | undefined;
  rowsPerStrip: number;
  stripOffsets: number[];
  stripByteCounts: number[];
}

export function corrupt(detail: string): FaxDocumentError {
  return new FaxDocumentError('fax_doc_corrupt', 'The TIFF file is damaged and cannot be read.', detail);
}

export function looksLikeTiff(head: Buffer): boolean {
  return (
    head.length >= 4 &&
    ((head[0] === 0x49 && head[1] === 0x49 && head[2] === 42 && head[3] === 0) ||
      (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 42))
  );
}

export function readTiffStructure(file: Buffer): TiffPageStructure[] {
  if (file.length < 8) throw corrupt('shorter than a TIFF header');
  const little = file[0] === 0x49 && file[1] === 0x49;
  const big = file[0] === 0x4d && file[1] === 0x4d;
  if (!little && !big) throw corrupt('no TIFF byte-order mark');
  const u16 = (at: number) => (little ? file.readUInt16LE(at) : file.readUInt16BE(at));
  const u32 = (at: number) => (little ? file.readUInt32LE(at) : file.readUInt32BE(at));
  const version = u16(2);
  if (version === 43) {
    throw new FaxDocumentError('fax_doc_unsupported', 'BigTIFF files cannot be faxed; save the image as a normal TIFF.');
  }
  if (version !== 42) throw corrupt(`TIFF version ${version}`);

  const pages: TiffPageStructure[] = [];
  const seen = new Set<number>();
  let ifdOffset = u32(4);
  while (ifdOffset !== 0) {
    if (seen.has(ifdOffset)) throw corrupt('IFD chain loops');
    if (pages.length >= MAX_PAGES) throw corrupt('too many IFDs');
    seen.add(ifdOffset);
    if (ifdOffset + 2 > file.length) throw corrupt('IFD offset past end of file');
    const entries = u16(ifdOffset);
    if (entries === 0 || entries > MAX_ENTRIES_PER_IFD) throw corrupt(`IFD with ${entries} entries`);
    const end = ifdOffset + 2 + entries * 12;
    if (end + 4 > file.length) throw corrupt('IFD runs past end of file');

    const fields = new Map<number, number[]>();
    for (let i = 0; i < entries; i++) {
      const at = ifdOffset + 2 + i * 12;
      const tag = u16(at);
      const type = u16(at + 2);
      const count = u32(at + 4);
      const size: number = TYPE_SIZE[type] ?? 0;
      if (size === 0) continue; // a type we do not know: skip the entry, as TIFF readers must
      if (!isWanted(tag)) continue;
      const bytes = size * count;
      const valueAt = bytes <= 4 ? at + 8 : u32(at + 8);
      if (count > 1_000_000 || valueAt + bytes > file.length) throw corrupt(`tag ${tag} values out of range`);
      fields.set(tag, readValues(type, count, valueAt, little, file));
    }
    pages.push(toPage(pages.length, fields));
    ifdOffset = u32(end);
  }
  if (pages.length === 0) throw corrupt('no image directory');
  return pages;
}

function isWanted(tag: number): boolean {
  return (Object.values(TAG) as number[]).includes(tag);
}

function readValues(type: number, count: number, at: number, little: boolean, file: Buffer): number[] {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    switch (type) {
      case 1: // BYTE
      case 7: // UNDEFINED
        values.push(file.readUInt8(at + i));
        break;
      case 3: // SHORT
        values.push(little ? file.readUInt16LE(at + i * 2) : file.readUInt16BE(at + i * 2));
        break;
      case 4: // LONG
        values.push(little ? file.readUInt32LE(at + i * 4) : file.readUInt32BE(at + i * 4));
        break;
      case 5: {
        // RATIONAL
        const n = little ? file.readUInt32LE(at + i * 8) : file.readUInt32BE(at + i * 8);
        const d = little ? file.readUInt32LE(at + i * 8 + 4) : file.readUInt32BE(at + i * 8 + 4);
        values.push(d === 0 ? 0 : n / d);
        break;
      }
      default:
        // The tags we read are SHORT, LONG or RATIONAL; anything else counts as absent.
        return [];
    }
  }
  return values;
}

function toPage(index: number, fields: Map<number, number[]>): TiffPageStructure {
  const first = (tag: number): number | undefined => fields.get(tag)?.[0];
  const width = first(TAG.ImageWidth);
  const length = first(TAG.ImageLength);
  if (!width || !length) throw corrupt(`page ${index + 1} has no size`);
  const stripOffsets = fields.get(TAG.StripOffsets) ?? [];
  const stripByteCounts = fields.get(TAG.StripByteCounts) ?? [];
  const unit = first(TAG.ResolutionUnit) ?? RESOLUTION_UNIT.Inch;
  const toDpi = (value: number | undefined): number | undefined => {
    if (!value || unit === RESOLUTION_UNIT.None) return undefined;
    return unit === RESOLUTION_UNIT.Centimetre ? value * 2.54 : value;
  };
  return {
    index,
    width,
    length,
    bitsPerSample: first(TAG.BitsPerSample) ?? 1,
    samplesPerPixel: first(TAG.SamplesPerPixel) ?? 1,
    compression: first(TAG.Compression) ?? COMPRESSION.None,
    photometric: first(TAG.Photometric),
    fillOrder: first(TAG.FillOrder) ?? 1,
    t4Options: first(TAG.T4Options) ?? 0,
    xDpi: toDpi(first(TAG.XResolution)),
    yDpi: toDpi(first(TAG.YResolution)),
    rowsPerStrip: Math.min(first(TAG.RowsPerStrip) ?? length, length),
    stripOffsets,
    stripByteCounts,
  };
}

/** The coded bytes of each strip of a page, bounds-checked. */
export function stripsOf(file: Buffer, page: TiffPageStructure): Buffer[] {
  if (page.stripOffsets.length === 0 || page.stripOffsets.length !== page.stripByteCounts.length) {
    throw corrupt(`page ${page.index + 1} strip tables disagree`);
  }
  return page.stripOffsets.map((offset, i) => {
    const count = page.stripByteCounts[i] ?? 0;
    if (offset + count > file.length) throw corrupt(`page ${page.index + 1} strip past end of file`);
    return file.subarray(offset, offset + count);
  });
}
