/**
 * Reads an XLSX list (read-excel-file): the first sheet, its first row the header. Cells become
 * text: a text cell as it is (leading zeros kept — how Excel keeps a phone number typed in a
 * text-formatted column), a whole number without a decimal point, a date as YYYY-MM-DD. A
 * number typed into a General-formatted cell has lost its leading zero inside Excel already;
 * nothing here can bring it back.
 */
import { readSheet, type CellValue } from 'read-excel-file/node';
import { OutboundError } from '../outbound-errors.js';
import { MAX_IMPORT_ROWS, type Sheet } from './sheet.js';

function cellText(value: CellValue | null): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  return String(value).trim();
}

export async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  let data: Array<Array<CellValue | null>>;
  try {
    data = (await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) as Array<Array<CellValue | null>>;
  } catch (err) {
    throw new OutboundError('outbound_import_unreadable', `the XLSX file cannot be read: ${(err as Error).message}`);
  }
  // read-excel-file drops blank rows at the ends but keeps the ones in between; the row number
  // counts them so it matches the sheet.
  const rows = data.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map(cellText) }));
  const [header, ...rest] = rows;
  if (!header) throw new OutboundError('outbound_import_unreadable', 'the sheet is empty: a header row and one row per number are expected');
  const nonBlank = rest.filter((r) => r.cells.some((c) => c !== ''));
  if (nonBlank.length > MAX_IMPORT_ROWS) throw new OutboundError('outbound_import_unreadable', `more than ${MAX_IMPORT_ROWS} rows: split the list`);
  return { format: 'xlsx', encoding: null, header: header.cells, rows: nonBlank };
}
