/**
 * Reads an uploaded number list, CSV or XLSX, told apart by content (an XLSX is a ZIP file),
 * not by the file name a browser sent.
 */
import { readCsv } from './read-csv.js';
import { readXlsx } from './read-xlsx.js';
import type { Sheet } from './sheet.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

export async function readNumberList(bytes: Uint8Array): Promise<Sheet> {
  return isZip(bytes) ? readXlsx(bytes) : readCsv(bytes);
}
