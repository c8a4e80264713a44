/**
 * Compiles a field table (layout.ts) into a writer and a reader of fixed-width records.
 *
 * Values in memory are plain objects whose keys are the field names: the same shape as the
 * zod request/result schemas, so a decoded record goes straight into schema validation.
 * Every error names the field path and, when reading, the byte range.
 *
 * The hot paths write ASCII straight into the frame and read digits straight from bytes: no
 * intermediate buffers or strings per field, and no closures created per message.
 */
import { checkLayout, type FieldLayout, type ScalarField } from './layout.js';
import type { TextEncoding } from './text-encoding.js';

export class CodecError extends Error {
  override readonly name = 'CodecError';
}

type Fields = Record<string, unknown>;

interface FieldCodec {
  measure(record: Fields): number;
  /** Writes at `offset`, returns the offset after. Errors name the field relative to the record. */
  write(record: Fields, buf: Buffer, offset: number): number;
  read(buf: Buffer, offset: number, end: number, out: Fields): number;
}

export interface RecordCodec {
  /** Bytes the record takes. */
  measure(record: Fields): number;
  /** Writes the record at `offset`; returns the offset after it. */
  write(record: Fields, buf: Buffer, offset: number): number;
  /** Reads a record that must end exactly at `end`. */
  read(buf: Buffer, offset: number, end: number): Fields;
  /** Reads a record starting at `offset`; returns it and the offset after it. */
  readPrefix(buf: Buffer, offset: number, end: number): { record: Fields; offset: number };
}

const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;

/** Re-throws a CodecError with `prefix` in front of its message (the path to the field). */
function within(prefix: string, error: unknown): never {
  if (error instanceof CodecError) throw new CodecError(`${prefix}${error.message}`);
  throw error;
}

export function compileRecord(where: string, fields: readonly FieldLayout[], text: TextEncoding): RecordCodec {
  checkLayout(where, fields);
  const codecs = fields.map((field) => compileField(field, text));
  const count = codecs.length;
  const readPrefix = (buf: Buffer, offset: number, end: number) => {
    const record: Fields = {};
    let at = offset;
    try {
      for (let i = 0; i < count; i++) at = (codecs[i] as FieldCodec).read(buf, at, end, record);
    } catch (error) {
      within(`${where}.`, error);
    }
    return { record, offset: at };
  };
  return {
    measure(record) {
      let total = 0;
      for (let i = 0; i < count; i++) total += (codecs[i] as FieldCodec).measure(record);
      return total;
    },
    write(record, buf, offset) {
      let at = offset;
      try {
        for (let i = 0; i < count; i++) at = (codecs[i] as FieldCodec).write(record, buf, at);
      } catch (error) {
        within(`${where}.`, error);
      }
      return at;
    },
    read(buf, offset, end) {
      const { record, offset: at } = readPrefix(buf, offset, end);
      if (at !== end) throw new CodecError(`${where}: ${end - at} unexpected bytes after the last field (at byte ${at})`);
      return record;
    },
    readPrefix,
  };
}

function compileField(field: FieldLayout, text: TextEncoding): FieldCodec {
  if (field.type !== 'group' && field.type !== 'list') return compileScalar(field, text);
  const { name, max } = field;
  const counter = compileScalar({ name, type: 'N', width: field.countWidth }, text);
  const item = field.type === 'list' ? compileScalar({ ...field.item, name: 'item' }, text) : undefined;
  const members = field.type === 'group' ? field.fields.map((f) => compileScalar(f, text)) : [];
  const recordWidth = field.type === 'group' ? field.fields.reduce((sum, f) => sum + f.width, 0) : field.item.width;

  const itemsOf = (record: Fields): unknown[] => {
    const value = record[name] ?? [];
    if (!Array.isArray(value)) throw new CodecError(`${name}: expected an array`);
    if (value.length > max) throw new CodecError(`${name}: ${value.length} items, at most ${max}`);
    return value;
  };
  const countRecord: Fields = {};

  return {
    measure: (record) => field.countWidth + recordWidth * itemsOf(record).length,
    write(record, buf, offset) {
      const items = itemsOf(record);
      countRecord[name] = items.length;
      let at = counter.write(countRecord, buf, offset);
      for (let index = 0; index < items.length; index++) {
        const value = items[index];
        try {
          if (item) {
            at = item.write({ item: value }, buf, at);
          } else {
            if (typeof value !== 'object' || value === null) throw new CodecError('expected an object');
            for (const member of members) at = member.write(value as Fields, buf, at);
          }
        } catch (error) {
          within(`${name}[${index}].`, error);
        }
      }
      return at;
    },
    read(buf, offset, end, out) {
      let at = counter.read(buf, offset, end, countRecord);
      const n = countRecord[name] as number;
      if (n > max) throw new CodecError(`${name}: count ${n} exceeds ${max} (at byte ${offset})`);
      if (at + n * recordWidth > end) {
        throw new CodecError(`${name}: count ${n} needs ${n * recordWidth} bytes, only ${end - at} left`);
      }
      const items: unknown[] = new Array(n);
      for (let index = 0; index < n; index++) {
        const value: Fields = {};
        try {
          if (item) {
            at = item.read(buf, at, end, value);
            items[index] = value['item'];
          } else {
            for (const member of members) at = member.read(buf, at, end, value);
            items[index] = value;
          }
        } catch (error) {
          within(`${name}[${index}].`, error);
        }
      }
      out[name] = items;
      return at;
    },
  };
}

function compileScalar(field: ScalarField, text: TextEncoding): FieldCodec {
  const { name, width, type } = field;
  const optional = field.optional === true;
  const numeric = type === 'N' || type === 'amount';
  const left = (field.justify ?? (numeric ? 'right' : 'left')) === 'left';
  const padByte = (field.pad ?? (numeric ? '0' : ' ')).charCodeAt(0);
  const truncate = field.overflow === 'truncate';

  const fail = (why: string): never => {
    throw new CodecError(`${name}: ${why}`);
  };
  const failAt = (buf: Buffer, start: number, why: string): never => {
    throw new CodecError(`${name} (bytes ${start}-${start + width - 1}): ${why}: ${JSON.stringify(printable(buf, start, start + width))}`);
  };

  /** `ascii` (printable, at most `room` long) justified into `room` bytes at `offset`. */
  const writeAscii = (ascii: string, buf: Buffer, offset: number, room: number) => {
    const gap = room - ascii.length;
    if (left) {
      buf.write(ascii, offset, 'latin1');
      if (gap > 0) buf.fill(padByte, offset + ascii.length, offset + room);
    } else {
      if (gap > 0) buf.fill(padByte, offset, offset + gap);
      buf.write(ascii, offset + gap, 'latin1');
    }
  };

  const writeValue = (value: unknown, buf: Buffer, offset: number): void => {
    switch (type) {
      case 'N': {
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail('expected a non-negative integer');
        const digits = String(value);
        if (digits.length > width) fail(`${digits.length} digits do not fit in ${width}`);
        writeAscii(digits, buf, offset, width);
        return;
      }
      case 'amount': {
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail('expected an integer amount');
        const amount = value as number;
        const digits = String(amount < 0 ? -amount : amount);
        if (digits.length > width - 1) fail(`${digits.length} digits do not fit in ${width - 1}`);
        // The sign leads; the digits are padded after it.
        buf[offset] = amount < 0 ? 0x2d : 0x2b;
        writeAscii(digits, buf, offset + 1, width - 1);
        return;
      }
      case 'date': {
        if (typeof value !== 'string' || !isValidDate(value)) fail('expected a YYYY-MM-DD date');
        const date = value as string;
        for (let i = 0, j = 0; i < 10; i++) if (i !== 4 && i !== 7) buf[offset + j++] = date.charCodeAt(i);
        return;
      }
      case 'time': {
        if (typeof value !== 'string' || !isValidTime(value)) fail('expected HH:MM:SS');
        const time = value as string;
        for (let i = 0, j = 0; i < 8; i++) if (i !== 2 && i !== 5) buf[offset + j++] = time.charCodeAt(i);
        return;
      }
      case 'flag': {
        if (typeof value !== 'boolean') fail('expected a boolean');
        buf[offset] = value ? 0x59 : 0x4e;
        return;
      }
      case 'AN': {
        if (typeof value !== 'string') fail('expected a string');
        const textValue = value as string;
        if (textValue.length <= width && isPrintableAscii(textValue)) {
          writeAscii(textValue, buf, offset, width);
          return;
        }
        let bytes = text.encode(textValue);
        if (bytes.length > width) {
          if (!truncate) fail(`${bytes.length} bytes of ${text.name} do not fit in ${width}`);
          bytes = text.encodeTruncated(textValue, width);
        }
        const gap = width - bytes.length;
        if (left) {
          bytes.copy(buf, offset);
          buf.fill(padByte, offset + bytes.length, offset + width);
        } else {
          buf.fill(padByte, offset, offset + gap);
          bytes.copy(buf, offset + gap);
        }
        return;
      }
    }
  };

  /** Reads digits in [from, to) as a number; -1 if any byte is not a digit. */
  const readDigits = (buf: Buffer, from: number, to: number): number => {
    let value = 0;
    for (let i = from; i < to; i++) {
      const byte = buf[i] as number;
      if (byte < ZERO || byte > NINE) return -1;
      value = value * 10 + (byte - ZERO);
    }
    return value;
  };

  const readValue = (buf: Buffer, start: number, stop: number): unknown => {
    switch (type) {
      case 'N': {
        let from = start;
        let to = stop;
        if (left) while (to > from + 1 && buf[to - 1] === padByte) to--;
        else while (from < to - 1 && buf[from] === padByte) from++;
        const value = readDigits(buf, from, to);
        if (value < 0) failAt(buf, start, 'not a number');
        if (!Number.isSafeInteger(value)) failAt(buf, start, 'number too large');
        return value;
      }
      case 'amount': {
        const sign = buf[start];
        let from = start + 1;
        while (from < stop - 1 && buf[from] === padByte) from++;
        const value = (sign === 0x2b || sign === 0x2d) && from < stop ? readDigits(buf, from, stop) : -1;
        if (value < 0) failAt(buf, start, 'not an amount');
        if (!Number.isSafeInteger(value)) failAt(buf, start, 'amount too large');
        return sign === 0x2d ? -value : value;
      }
      case 'date': {
        const y = readDigits(buf, start, start + 4);
        const m = readDigits(buf, start + 4, start + 6);
        const d = readDigits(buf, start + 6, stop);
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) failAt(buf, start, 'not a date');
        const raw = buf.toString('latin1', start, stop);
        return `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
      }
      case 'time': {
        const h = readDigits(buf, start, start + 2);
        const m = readDigits(buf, start + 2, start + 4);
        const sec = readDigits(buf, start + 4, stop);
        if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) failAt(buf, start, 'not a time');
        const raw = buf.toString('latin1', start, stop);
        return `${raw.slice(0, 2)}:${raw.slice(2, 4)}:${raw.slice(4, 6)}`;
      }
      case 'flag': {
        const byte = buf[start];
        if (byte !== 0x59 && byte !== 0x4e) failAt(buf, start, 'not Y or N');
        return byte === 0x59;
      }
      case 'AN': {
        let from = start;
        let to = stop;
        if (left) while (to > from && buf[to - 1] === padByte) to--;
        else while (from < to && buf[from] === padByte) from++;
        for (let i = from; i < to; i++) if ((buf[i] as number) >= 0x80) return text.decode(buf.subarray(from, to));
        return buf.toString('latin1', from, to);
      }
    }
  };

  return {
    measure: () => width,
    write(record, buf, offset) {
      const value = record[name];
      if (value === undefined || value === null) {
        if (!optional) fail('required');
        buf.fill(SPACE, offset, offset + width);
      } else {
        writeValue(value, buf, offset);
      }
      return offset + width;
    },
    read(buf, offset, end, out) {
      const stop = offset + width;
      if (stop > end) {
        throw new CodecError(`${name} (bytes ${offset}-${stop - 1}): message too short, ${Math.max(0, end - offset)} bytes left`);
      }
      let blank = true;
      for (let i = offset; i < stop; i++) {
        if (buf[i] !== SPACE) {
          blank = false;
          break;
        }
      }
      if (blank && (optional || type !== 'AN')) {
        if (!optional) failAt(buf, offset, 'required field is blank');
        return stop;
      }
      out[name] = readValue(buf, offset, stop);
      return stop;
    },
  };
}

function isPrintableAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthLength(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (daysInMonth[month - 1] as number);
}

function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  return m >= 1 && m <= 12 && d >= 1 && d <= monthLength(Number(value.slice(0, 4)), m);
}

function isValidTime(value: string): boolean {
  return value.length === 8 && /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(value);
}

/** For error messages: bytes as text, control and high bytes as `\xNN`. */
function printable(buf: Buffer, start: number, stop: number): string {
  let out = '';
  for (let i = start; i < Math.min(stop, buf.length) && out.length < 60; i++) {
    const byte = buf[i] ?? 0;
    out += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
