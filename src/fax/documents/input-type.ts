/**
 * Recognises an uploaded file by its first bytes, never by its name: a renamed file is
 * still what its bytes say.
 */

import { looksLikeTiff } from './tiff-structure.js';

export type InputType = 'pdf' | 'png' | 'jpeg' | 'tiff';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function detectInputType(head: Buffer): InputType | undefined {
  // PDF readers accept "%PDF-" anywhere in the first kilobyte (some generators put junk first).
  if (head.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (looksLikeTiff(head)) return 'tiff';
  return undefined;
}
