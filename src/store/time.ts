/**
 * Timestamps in the store.
 *
 * Columns are DATETIME(3) holding UTC. We write 'YYYY-MM-DD HH:MM:SS.mmm' strings on both
 * databases (MySQL accepts them for DATETIME; SQLite keeps them as text that sorts correctly).
 * On the way back SQLite returns that string and MySQL a Date (the connection uses timezone
 * 'Z'); repositories turn both into ISO 8601 strings with a Z ('2026-01-02T03:04:05.678Z'),
 * which is what every repository, service and API response carries.
 */

export type TimeInput = Date | number | string;

export function toDate(value: TimeInput): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid time: ${String(value)}`);
  return date;
}

/** The form written to DATETIME(3) columns. */
export function toDbTime(value: TimeInput): string {
  return toDate(value).toISOString().replace('T', ' ').replace('Z', '');
}

/** The current time in column form. */
export function nowDb(): string {
  return toDbTime(new Date());
}

/** Normalise what either database returned into an ISO string (null stays null). */
export function fromDbTime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'string') {
    const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
    return toDate(iso).toISOString();
  }
  throw new TypeError(`unexpected timestamp value of type ${typeof value}`);
}

/** Like fromDbTime for NOT NULL columns. */
export function fromDbTimeRequired(value: unknown): string {
  const iso = fromDbTime(value);
  if (iso === null) throw new TypeError('timestamp column unexpectedly NULL');
  return iso;
}

/** SQLite gives 0/1, MySQL 0/1 or a Buffer for BIT; booleans are TINYINT on both. */
export function fromDbBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** JSON text columns. */
export function fromDbJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return JSON.parse(value) as unknown;
  return value;
}

export function toDbJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
