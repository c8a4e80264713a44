/**
 * A campaign's results as a table, for CSV and XLSX: one row per attempt with the number, the
 * imported variables (one column each), times, outcome, duration, agent, the recording id and the survey answers
 * (a column per question). CSV is UTF-8 with a byte-order mark, which Excel needs to read
 * Chinese text. Cells that a spreadsheet would take for a formula are quoted as text.
 */
import type { AttemptWithRow } from './store/attempts-repo.js';

export interface ResultTable {
  header: string[];
  rows: Array<Array<string | number | null>>;
}

export function resultTable(attempts: readonly AttemptWithRow[]): ResultTable {
  const variableNames = [...new Set(attempts.flatMap((a) => Object.keys(a.variables)))];
  const questions = [...new Set(attempts.flatMap((a) => Object.keys(a.surveyAnswers ?? {})))].sort();
  const header = ['phone', ...variableNames, 'started_at', 'answered_at', 'ended_at', 'outcome', 'duration_s', 'agent', 'recording', ...questions.map((q) => `survey:${q}`)];
  const rows = attempts.map((a) => [
    a.phone,
    ...variableNames.map((n) => a.variables[n] ?? null),
    a.startedAt,
    a.answeredAt,
    a.endedAt,
    a.outcome,
    a.durationS,
    a.agentId,
    a.recordingId,
    ...questions.map((q) => a.surveyAnswers?.[q] ?? null),
  ]);
  return { header, rows };
}

/** A text cell a spreadsheet would evaluate (=, +, -, @ first) is prefixed with an apostrophe; numbers with "+" stay. */
function safeText(value: string, isPhone: boolean): string {
  if (isPhone) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string | number | null, isPhone: boolean): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : safeText(value, isPhone);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: ResultTable): Buffer {
  const lines = [table.header.map((h) => csvCell(h, false)).join(','), ...table.rows.map((r) => r.map((v, i) => csvCell(v, i === 0)).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function toXlsx(table: ResultTable, sheetName: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'results');
  sheet.addRow(table.header);
  // Phone numbers stay text (leading zeros); other text cells are never formulas in exceljs.
  for (const row of table.rows) sheet.addRow(row.map((v, i) => (v === null ? null : i === 0 ? String(v) : v)));
  sheet.getColumn(1).numFmt = '@';
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
