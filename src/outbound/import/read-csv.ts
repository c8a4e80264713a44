/**
 * Reads a CSV list (csv-parse): UTF-8 or GB18030, comma or semicolon separated (the separator
 * of the header line decides), quoted fields, blank lines skipped. Every cell stays text, so a
 * number "013800000000" keeps its leading zero.
 */
import { parse } from 'csv-parse/sync';
import { OutboundError } from '../outbound-errors.js';
import { decodeText } from './decode-text.js';
import { MAX_IMPORT_ROWS, type Sheet } from './sheet.js';

function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  if (count('\t') > Math.max(count(','), count(';'))) return '\t';
  return count(';') > count(',') ? ';' : ',';
}

export function readCsv(bytes: Uint8Array): Sheet {
  const { text, encoding } = decodeText(bytes);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // One more than allowed, to tell "too many" from "exactly the limit".
      to_line: MAX_IMPORT_ROWS + 2,
      // Each record with the line it ends on: the row number the operator sees in an editor.
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    throw new OutboundError('outbound_import_unreadable', `the CSV cannot be read: ${(err as Error).message}`);
  }
  const [header, ...data] = records;
  if (!header) throw new OutboundError('outbound_import_unreadable', 'the file is empty: a header row and one row per number are expected');
  if (data.length > MAX_IMPORT_ROWS) throw new OutboundError('outbound_import_unreadable', `more than ${MAX_IMPORT_ROWS} rows: split the list`);
  return { format: 'csv', encoding, header: header.record, rows: data.map((r) => ({ rowNumber: r.info.lines, cells: r.record })) };
}
