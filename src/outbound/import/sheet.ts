/**
 * What every list reader returns: the header row and the data rows, each cell as text, with the
 * row number the operator sees in their spreadsheet (1 is the header).
 */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface Sheet {
  format: 'csv' | 'xlsx';
  /** The text encoding of a CSV; null for XLSX. */
  encoding: string | null;
  header: string[];
  rows: SheetRow[];
}

/** Limits that keep an upload from holding the server: a campaign list, not a data warehouse. */
export const MAX_IMPORT_ROWS = 100_000;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
