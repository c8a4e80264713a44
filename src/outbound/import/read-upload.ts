/**
 * Reads an uploaded list where it costs the calls nothing: an XLSX (unpacked and parsed in
 * one go by its reader) and a large CSV on a worker thread (read-list-off-thread.ts); a small
 * CSV here, where the reader yields between slices of text and a worker's start would cost
 * more than the reading.
 */
import { readNumberListOffThread, type ReadListLimits } from './read-list-off-thread.js';
import { isZip, readNumberList } from './read-list.js';
import type { Sheet } from './sheet.js';

/** A CSV larger than this is read on a worker thread. */
export const CSV_OFF_THREAD_BYTES = 2 * 1024 * 1024;

export function readUploadedList(bytes: Uint8Array, limits: ReadListLimits = {}): Promise<Sheet> {
  return isZip(bytes) || bytes.byteLength > CSV_OFF_THREAD_BYTES ? readNumberListOffThread(bytes, limits) : readNumberList(bytes);
}
