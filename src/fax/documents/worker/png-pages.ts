/**
 * Renders each page of a fax TIFF as a PNG for the browser. Worker-side only (sharp).
 *
 * Fax pixels are not square: at standard resolution (204 x 98 dpi) a row stands for
 * (nominally) twice the height of a column's width, so each row is drawn twice. In
 * general rows are scaled by xDpi/yDpi: by repeating each row when that factor is within
 * 10% of a whole number (standard 2.08 -> 2, fine 1.04 -> 1, as fax viewers do, keeping
 * pixels crisp), else by resampling.
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { PngPage } from '../render-protocol.js';
import type { TiffPageStructure } from '../tiff-structure.js';

export async function renderPagesToPng(
  tiffPath: string,
  structure: readonly TiffPageStructure[],
  outDir: string,
): Promise<PngPage[]> {
  await mkdir(outDir, { recursive: true });
  const digits = Math.max(3, String(structure.length).length);
  const pages: PngPage[] = [];
  for (const page of structure) {
    const factor = page.xDpi && page.yDpi ? page.xDpi / page.yDpi : 1;
    const repeat = Math.round(factor);
    const whole = repeat >= 1 && Math.abs(factor - repeat) <= 0.1 * factor;
    const height = whole ? page.length * repeat : Math.max(1, Math.round(page.length * factor));
    const path = join(outDir, `page-${String(page.index + 1).padStart(digits, '0')}.png`);
    let image = sharp(tiffPath, { page: page.index }).toColourspace('b-w');
    if (height !== page.length) {
      image = image.resize(page.width, height, { fit: 'fill', kernel: whole ? 'nearest' : 'lanczos3' });
    }
    const info = await image.png({ compressionLevel: 9 }).toFile(path);
    pages.push({ page: page.index + 1, path, width: info.width, height: info.height });
  }
  return pages;
}
