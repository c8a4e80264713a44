/**
 * Reads an uploaded list on a worker thread: unpacking and parsing a large spreadsheet takes
 * seconds of CPU, and the thread that answers calls must not wait for it. The worker gets a
 * heap of its own with a ceiling (an XLSX is a ZIP: a few megabytes can unpack to gigabytes)
 * and a time limit; either ends it and refuses the file with a clear reason. A bad file is
 * refused as the readers refuse it (read-csv.ts, read-xlsx.ts).
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OutboundError } from '../outbound-errors.js';
import type { ReadListMessage } from './read-list-worker.js';
import { MAX_IMPORT_BYTES, type Sheet, type SheetRow } from './sheet.js';

export interface ReadListLimits {
  /** Reading longer than this ends the worker and refuses the file. */
  timeoutMs?: number;
  /** The worker's heap ceiling, MB. */
  maxHeapMb?: number;
}

export const READ_LIST_TIMEOUT_MS = 60_000;
export const READ_LIST_MAX_HEAP_MB = 1024;

/**
 * The worker's entry. Under TypeScript sources (tsx) the worker is started through a bootstrap
 * that registers tsx first: a worker thread does not inherit the main thread's loader hooks.
 */
function workerEntry(): URL {
  const ext = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./read-list-worker${ext}`, import.meta.url);
  if (ext !== '.ts') return entry;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

export function readNumberListOffThread(bytes: Uint8Array, limits: ReadListLimits = {}): Promise<Sheet> {
  const timeoutMs = limits.timeoutMs ?? READ_LIST_TIMEOUT_MS;
  const maxHeapMb = limits.maxHeapMb ?? READ_LIST_MAX_HEAP_MB;
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return Promise.reject(new OutboundError('outbound_import_unreadable', `the file is larger than ${MAX_IMPORT_BYTES / (1024 * 1024)} MB: split the list`));
  }
  return new Promise<Sheet>((resolve, reject) => {
    // A copy of the upload's bytes goes to the worker; the caller keeps its own.
    const worker = new Worker(workerEntry(), { workerData: bytes, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
    const rows: SheetRow[] = [];
    let settled = false;
    const settle = (outcome: { sheet: Sheet } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if ('sheet' in outcome) resolve(outcome.sheet);
      else reject(outcome.error);
    };
    const timer = setTimeout(() => {
      settle({ error: new OutboundError('outbound_import_unreadable', `reading the file took longer than ${Math.round(timeoutMs / 1000)} s: split the list`) });
    }, timeoutMs);
    worker.on('message', (message: ReadListMessage) => {
      if (message.type === 'rows') {
        for (const row of message.rows) rows.push(row);
      } else if (message.type === 'done') {
        settle({ sheet: { format: message.format, encoding: message.encoding, header: message.header, rows } });
      } else {
        settle({ error: new OutboundError(message.code, message.message) });
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const reason = err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `the file unpacks to more than ${maxHeapMb} MB: split the list`
        : `the file cannot be read: ${err.message}`;
      settle({ error: new OutboundError('outbound_import_unreadable', reason) });
    });
    worker.on('exit', (code) => {
      settle({ error: new OutboundError('outbound_import_unreadable', `the file cannot be read: the reader stopped (exit code ${code})`) });
    });
  });
}
