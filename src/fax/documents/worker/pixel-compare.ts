/**
 * Compares two fax TIFFs by their decoded black and white pixels, page by page. A fax
 * that went through a real transmission is re-coded by the receiver (other compression,
 * fill order, strips and tags), so bytes differ while the image must not.
 * Worker-side only (sharp decodes the pages).
 */

import sharp from 'sharp';
import type { FaxImageComparison, PageComparison } from '../render-protocol.js';
import type { TiffPageStructure } from '../tiff-structure.js';

export interface ComparedFile {
  path: string;
  structure: readonly TiffPageStructure[];
}

export async function compareFaxImages(a: ComparedFile, b: ComparedFile): Promise<FaxImageComparison> {
  const pages: PageComparison[] = [];
  const common = Math.min(a.structure.length, b.structure.length);
  for (let i = 0; i < common; i++) {
    const pa = a.structure[i];
    const pb = b.structure[i];
    if (!pa || !pb) break;
    const [ra, rb] = await Promise.all([blackMask(a.path, i), blackMask(b.path, i)]);
    pages.push({
      page: i + 1,
      differingPixels: countDifferences(ra, rb),
      sameSize: ra.width === rb.width && ra.height === rb.height,
      sameResolution: sameDpi(pa.xDpi, pb.xDpi) && sameDpi(pa.yDpi, pb.yDpi),
    });
  }
  const identical =
    a.structure.length === b.structure.length &&
    pages.every((p) => p.differingPixels === 0 && p.sameSize && p.sameResolution);
  return { identical, pagesA: a.structure.length, pagesB: b.structure.length, pages };
}

interface Mask {
  black: Uint8Array;
  width: number;
  height: number;
}

async function blackMask(path: string, page: number): Promise<Mask> {
  const { data, info } = await sharp(path, { page }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const black = new Uint8Array(info.width * info.height);
  for (let i = 0; i < black.length; i++) black[i] = (data[i * info.channels] ?? 255) < 128 ? 1 : 0;
  return { black, width: info.width, height: info.height };
}

/** Differences over the overlap, plus every black pixel that only one page has room for. */
function countDifferences(a: Mask, b: Mask): number {
  const width = Math.min(a.width, b.width);
  const height = Math.min(a.height, b.height);
  let differing = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (a.black[y * a.width + x] !== b.black[y * b.width + x]) differing++;
    }
  }
  const outside = (m: Mask) => {
    let count = 0;
    for (let y = 0; y < m.height; y++) {
      for (let x = 0; x < m.width; x++) if ((y >= height || x >= width) && m.black[y * m.width + x]) count++;
    }
    return count;
  };
  return differing + outside(a) + outside(b);
}

function sameDpi(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Math.abs(a - b) <= Math.max(a, b) * 0.01;
}
