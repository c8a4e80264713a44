/** Shared helpers for the fax document tests: temp dirs, sample data, pixel access. */

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

export const execFileAsync = promisify(execFile);

export async function makeTempDir(label: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `tl-faxdoc-${label}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export { FULL_ACCOUNT_NUMBER, sampleStatement } from './statement-sample.js';

export interface PagePixels {
  width: number;
  height: number;
  /** 1 where the pixel is black. */
  black: Uint8Array;
}

/** Decodes one page of a TIFF (0-based) to black/white pixels. */
export async function pagePixels(path: string, page: number): Promise<PagePixels> {
  const { data, info } = await sharp(path, { page }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const black = new Uint8Array(info.width * info.height);
  for (let i = 0; i < black.length; i++) black[i] = (data[i * info.channels] ?? 255) < 128 ? 1 : 0;
  return { width: info.width, height: info.height, black };
}

/** Fraction of black pixels in a rectangle. */
export function inkRatio(pixels: PagePixels, left: number, top: number, width: number, height: number): number {
  let black = 0;
  for (let y = top; y < top + height; y++) {
    for (let x = left; x < left + width; x++) black += pixels.black[y * pixels.width + x] ?? 0;
  }
  return black / (width * height);
}

/** libtiff's own view of a file, as tiffinfo prints it (an independent check of our tags). */
export async function tiffinfo(path: string): Promise<string> {
  const { stdout } = await execFileAsync('tiffinfo', [path]);
  return stdout;
}
