/**
 * Describes a fax TIFF (pages, size, resolution, compression) from its tags alone, and
 * says whether spandsp can send it as it is. Runs in the server process: it reads tags,
 * it decodes no pixels.
 */

import { open } from 'node:fs/promises';
import { FaxDocumentError } from './errors.js';
import { FAX_X_DPI, FAX_Y_DPI } from './fax-format.js';
import { COMPRESSION, looksLikeTiff, readTiffStructure, type TiffPageStructure } from './tiff-structure.js';

export type PageResolution = 'standard' | 'fine' | 'superfine' | 'other';

export interface FaxPageInfo {
  /** 1-based. */
  page: number;
  width: number;
  length: number;
  xDpi: number | undefined;
  yDpi: number | undefined;
  resolution: PageResolution;
  compression: string;
  compressionCode: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  photometric: 'min-is-white' | 'min-is-black' | 'other';
  fillOrder: 'msb-to-lsb' | 'lsb-to-msb';
}

export interface FaxDocumentInfo {
  pages: number;
  pageInfo: FaxPageInfo[];
  /** True when spandsp's T.4 transmitter can send every page as it is. */
  sendable: boolean;
  /** Why not, in words an administrator can act on. Empty when sendable. */
  problems: string[];
}

/** T.4 scan-line widths at R8 (A4, B4, A3); the far machine picks among these. */
const T4_WIDTHS_R8 = [1728, 2048, 2432];
/** Largest file we read for its tags; a fax TIFF of many pages stays far below this. */
const MAX_INFO_BYTES = 256 * 1024 * 1024;

export async function faxDocumentInfo(path: string): Promise<FaxDocumentInfo> {
  const file = await readWhole(path);
  if (!looksLikeTiff(file)) {
    throw new FaxDocumentError('fax_doc_unsupported', 'The file is not a TIFF fax image.');
  }
  const structure = readTiffStructure(file);
  const pageInfo = structure.map(describePage);
  const problems = pageInfo.flatMap(problemsOf);
  return { pages: pageInfo.length, pageInfo, sendable: problems.length === 0, problems };
}

async function readWhole(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    throw new FaxDocumentError('fax_doc_not_found', 'The fax file does not exist or cannot be opened.');
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_INFO_BYTES) throw new FaxDocumentError('fax_doc_too_large', 'The fax file is too large.');
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function near(value: number | undefined, target: number): boolean {
  return value !== undefined && Math.abs(value - target) <= target * 0.05;
}

export function classifyResolution(xDpi: number | undefined, yDpi: number | undefined): PageResolution {
  if (!near(xDpi, FAX_X_DPI) && !near(xDpi, 200)) return 'other';
  if (near(yDpi, FAX_Y_DPI.standard) || near(yDpi, 100)) return 'standard';
  if (near(yDpi, FAX_Y_DPI.fine) || near(yDpi, 200)) return 'fine';
  if (near(yDpi, 391) || near(yDpi, 400)) return 'superfine';
  return 'other';
}

function compressionName(page: TiffPageStructure): string {
  switch (page.compression) {
    case COMPRESSION.None:
      return 'uncompressed';
    case COMPRESSION.CcittRle:
      return 'CCITT modified Huffman RLE';
    case COMPRESSION.CcittT4:
      return page.t4Options & 1 ? 'T.4 2D (MR)' : 'T.4 1D (MH)';
    case COMPRESSION.CcittT6:
      return 'T.6 (MMR)';
    case 5:
      return 'LZW';
    case 32773:
      return 'PackBits';
    default:
      return `other (${page.compression})`;
  }
}

function describePage(page: TiffPageStructure): FaxPageInfo {
  return {
    page: page.index + 1,
    width: page.width,
    length: page.length,
    xDpi: page.xDpi,
    yDpi: page.yDpi,
    resolution: classifyResolution(page.xDpi, page.yDpi),
    compression: compressionName(page),
    compressionCode: page.compression,
    bitsPerSample: page.bitsPerSample,
    samplesPerPixel: page.samplesPerPixel,
    photometric: page.photometric === 0 ? 'min-is-white' : page.photometric === 1 ? 'min-is-black' : 'other',
    fillOrder: page.fillOrder === 2 ? 'lsb-to-msb' : 'msb-to-lsb',
  };
}

/** What spandsp 0.0.6 and T.30 need (see fax-format.ts for how this was established). */
function problemsOf(page: FaxPageInfo): string[] {
  const problems: string[] = [];
  const where = `Page ${page.page}`;
  if (page.bitsPerSample !== 1 || page.samplesPerPixel !== 1) {
    problems.push(`${where} is not black and white (1 bit per pixel).`);
  } else if (page.photometric === 'other') {
    problems.push(`${where} has an unusual colour interpretation.`);
  }
  if (!T4_WIDTHS_R8.includes(page.width)) {
    problems.push(`${where} is ${page.width} pixels wide; a fax line is 1728 pixels (A4).`);
  }
  if (page.resolution === 'other') {
    problems.push(`${where} does not have a fax resolution (204 x 98, 204 x 196 or 204 x 391 dpi).`);
  }
  if (![COMPRESSION.None, COMPRESSION.CcittRle, COMPRESSION.CcittT4, COMPRESSION.CcittT6, 5, 32773].includes(page.compressionCode)) {
    problems.push(`${where} uses a compression the fax sender cannot read.`);
  }
  return problems;
}
