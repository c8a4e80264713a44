/**
 * The shape of fixed-length message layouts: the field table that message-layouts.ts fills in
 * for every message type, and that the codec compiles.
 *
 * Field types, and how a value is written into `width` bytes:
 * - `N`      non-negative integer, digits, right-justified, zero-padded by default.
 * - `AN`     text in the configured encoding (GB18030 or UTF-8), left-justified, space-padded
 *            by default. `width` counts bytes of that encoding.
 * - `amount` signed integer in minor units: a sign (`+`/`-`) then zero-padded digits.
 * - `date`   `YYYY-MM-DD` in memory, `YYYYMMDD` on the wire (width 8).
 * - `time`   `HH:MM:SS` in memory, `HHMMSS` on the wire (width 6).
 * - `flag`   boolean, `Y`/`N` (width 1).
 * An optional field with no value is all spaces; a required one must have a value (a required
 * `AN` may be empty text). Text longer than its width is an error unless `overflow: 'truncate'`,
 * which cuts at a character boundary, never inside a multibyte character.
 *
 * Repeating parts:
 * - `group` a count (`N`, `countWidth` digits) then that many records of `fields`.
 * - `list`  a count then that many scalar `item`s (an array of strings or numbers).
 */
export type ScalarType = 'N' | 'AN' | 'amount' | 'date' | 'time' | 'flag';

export interface ScalarField {
  name: string;
  type: ScalarType;
  /** Bytes on the wire. */
  width: number;
  optional?: boolean;
  justify?: 'left' | 'right';
  /** One ASCII character. */
  pad?: string;
  overflow?: 'error' | 'truncate';
}

export interface GroupField {
  name: string;
  type: 'group';
  countWidth: number;
  max: number;
  fields: ScalarField[];
}

export interface ListField {
  name: string;
  type: 'list';
  countWidth: number;
  max: number;
  item: Omit<ScalarField, 'name' | 'optional'>;
}

export type FieldLayout = ScalarField | GroupField | ListField;

export interface MessageLayout {
  /** Transaction code in the header, 4 digits. */
  txCode: number;
  request: FieldLayout[];
  /** Body of a successful response; failures carry the failure body instead. */
  response: FieldLayout[];
}

const fixedWidths: Partial<Record<ScalarType, number>> = { date: 8, time: 6, flag: 1 };

/** Throws if a layout table is inconsistent (a bad table is a bug, caught at start-up). */
export function checkLayout(where: string, fields: readonly FieldLayout[]): void {
  const names = new Set<string>();
  for (const field of fields) {
    if (names.has(field.name)) throw new Error(`${where}: duplicate field ${field.name}`);
    names.add(field.name);
    if (field.type === 'group') {
      if (field.countWidth < 1 || field.max >= 10 ** field.countWidth) throw new Error(`${where}.${field.name}: count width`);
      checkLayout(`${where}.${field.name}`, field.fields);
    } else if (field.type === 'list') {
      if (field.countWidth < 1 || field.max >= 10 ** field.countWidth) throw new Error(`${where}.${field.name}: count width`);
      checkScalar(`${where}.${field.name}[]`, { ...field.item, name: 'item' });
    } else {
      checkScalar(`${where}.${field.name}`, field);
    }
  }
}

function checkScalar(where: string, field: ScalarField): void {
  const fixed = fixedWidths[field.type];
  if (fixed !== undefined && field.width !== fixed) throw new Error(`${where}: ${field.type} is ${fixed} wide`);
  if (!Number.isInteger(field.width) || field.width < 1) throw new Error(`${where}: width`);
  if (field.type === 'amount' && field.width < 2) throw new Error(`${where}: amount needs a sign and a digit`);
  if ((field.type === 'N' || field.type === 'amount') && field.width > 17) throw new Error(`${where}: too wide for a safe integer`);
  if (field.pad !== undefined && (field.pad.length !== 1 || field.pad.charCodeAt(0) > 0x7e)) throw new Error(`${where}: pad`);
}
