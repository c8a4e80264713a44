/**
 * Reads a CSV list (csv-parse): UTF-8 or GB18030, comma, semicolon or tab separated (the header
 * line decides), quoted fields, blank lines skipped. Every cell stays text, so a number
 * "013800000000" keeps its leading zero. The text is fed to the parser in slices so that a long
 * list does not hold the event loop (calls are being handled meanwhile).
 */
import { Readable } from 'node:stream';
import { setImmediate } from 'node:timers';
import { parse } from 'csv-parse';
import { OutboundError } from '../outbound-errors.js';
import { decodeText } from './decode-text.js';
import { MAX_IMPORT_ROWS, type Sheet, type SheetRow } from './sheet.js';

const SLICE_CHARS = 16 * 1024;

function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  if (count('\t') > Math.max(count(','), count(';'))) return '\t';
  return count(';') > count(',') ? ';' : ',';
}

async function* slices(text: string): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += SLICE_CHARS) {
    // A turn of the event loop between slices: stream plumbing alone only yields to microtasks.
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    yield text.slice(i, i + SLICE_CHARS);
  }
}

export async function readCsv(bytes: Uint8Array): Promise<Sheet> {
  const { text, encoding } = decodeText(bytes);
  const parser = parse({
    bom: true,
    delimiter: delimiterOf(text),
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    // Each record with the line it ends on: the row number the operator sees in an editor.
    info: true,
  });
  const records: SheetRow[] = [];
  try {
    const source = Readable.from(slices(text));
    source.pipe(parser);
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      records.push({ rowNumber: info.lines, cells: record });
      // The header and one row more than allowed tell "too many" from "exactly the limit".
      if (records.length > MAX_IMPORT_ROWS + 1) {
        source.destroy();
        break;
      }
    }
  } catch (err) {
    throw new OutboundError('outbound_import_unreadable', `the CSV cannot be read: ${(err as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new OutboundError('outbound_import_unreadable', 'the file is empty: a header row and one row per number are expected');
  if (rows.length > MAX_IMPORT_ROWS) throw new OutboundError('outbound_import_unreadable', `more than ${MAX_IMPORT_ROWS} rows: split the list`);
  return { format: 'csv', encoding, header: header.cells, rows };
}
