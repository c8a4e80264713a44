/**
 * The worker thread that reads an uploaded list (see read-list-off-thread.ts): the bytes arrive
 * in workerData, the sheet goes back in messages of a few thousand rows -- one large message
 * would be deserialised on the main thread in one go, the very stall this thread is here to
 * avoid -- then the header, or the reader's refusal.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OutboundError, type OutboundErrorCode } from '../outbound-errors.js';
import { readNumberList } from './read-list.js';
import type { SheetRow } from './sheet.js';

export const ROWS_PER_MESSAGE = 2000;

export type ReadListMessage =
  | { type: 'rows'; rows: SheetRow[] }
  | { type: 'done'; format: 'csv' | 'xlsx'; encoding: string | null; header: string[] }
  | { type: 'refused'; code: OutboundErrorCode; message: string };

const port = parentPort;
if (port) {
  const post = (message: ReadListMessage) => port.postMessage(message);
  try {
    const sheet = await readNumberList(workerData as Uint8Array);
    for (let i = 0; i < sheet.rows.length; i += ROWS_PER_MESSAGE) post({ type: 'rows', rows: sheet.rows.slice(i, i + ROWS_PER_MESSAGE) });
    post({ type: 'done', format: sheet.format, encoding: sheet.encoding, header: sheet.header });
  } catch (err) {
    if (err instanceof OutboundError) post({ type: 'refused', code: err.code, message: err.message });
    else throw err;
  }
}
