/**
 * Compiles a field table (layout.ts) into a writer and a reader of fixed-width records.
 *
 * Values in memory are plain objects whose keys are the field names: the same shape as the
 * zod request/result schemas, so a decoded record goes straight into schema validation.
 * Every error names the field path and the byte offset.
 */
import { checkLayout, type FieldLayout, type ScalarField } from './layout.js';
import type { TextEncoding } from './text-encoding.js';

export class CodecError extends Error {
  override readonly name = 'CodecError';
}

type Fields = Record<string, unknown>;

interface FieldCodec {
  /** Bytes this field takes for the given record. */
  measure(record: Fields): number;
  write(record: Fields, buf: Buffer, offset: number, path: string): number;
  read(buf: Buffer, offset: number, end: number, out: Fields, path: string): number;
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

export function compileRecord(where: string, fields: readonly FieldLayout[], text: TextEncoding): RecordCodec {
  checkLayout(where, fields);
  const codecs = fields.map((field) => compileField(field, text));
  const measure = (record: Fields) => {
    let total = 0;
    for (const codec of codecs) total += codec.measure(record);
    return total;
  };
  const readPrefix = (buf: Buffer, offset: number, end: number) => {
    const record: Fields = {};
    let at = offset;
    for (const codec of codecs) at = codec.read(buf, at, end, record, where);
    return { record, offset: at };
  };
  return {
    measure,
    write(record, buf, offset) {
      let at = offset;
      for (const codec of codecs) at = codec.write(record, buf, at, where);
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
  if (field.type === 'group' || field.type === 'list') {
    const count = compileScalar({ name: field.name, type: 'N', width: field.countWidth }, text);
    const itemField: ScalarField | undefined = field.type === 'list' ? { ...field.item, name: 'item' } : undefined;
    const item = itemField ? compileScalar(itemField, text) : undefined;
    const records = field.type === 'group' ? field.fields.map((f) => compileScalar(f, text)) : [];
    const recordWidth = field.type === 'group' ? field.fields.reduce((sum, f) => sum + f.width, 0) : field.item.width;
    const itemsOf = (record: Fields, path: string): unknown[] => {
      const value = record[field.name] ?? [];
      if (!Array.isArray(value)) throw new CodecError(`${path}.${field.name}: expected an array`);
      if (value.length > field.max) throw new CodecError(`${path}.${field.name}: ${value.length} items, at most ${field.max}`);
      return value;
    };
    return {
      measure: (record) => field.countWidth + recordWidth * itemsOf(record, '').length,
      write(record, buf, offset, path) {
        const items = itemsOf(record, path);
        let at = count.write({ [field.name]: items.length }, buf, offset, path);
        items.forEach((value, index) => {
          const itemPath = `${path}.${field.name}[${index}]`;
          if (item) {
            at = item.write({ item: value }, buf, at, itemPath);
          } else {
            if (typeof value !== 'object' || value === null) throw new CodecError(`${itemPath}: expected an object`);
            for (const codec of records) at = codec.write(value as Fields, buf, at, itemPath);
          }
        });
        return at;
      },
      read(buf, offset, end, out, path) {
        const counted: Fields = {};
        let at = count.read(buf, offset, end, counted, path);
        const n = counted[field.name] as number;
        if (n > field.max) throw new CodecError(`${path}.${field.name}: count ${n} exceeds ${field.max} (at byte ${offset})`);
        if (at + n * recordWidth > end) {
          throw new CodecError(`${path}.${field.name}: count ${n} needs ${n * recordWidth} bytes, only ${end - at} left`);
        }
        const items: unknown[] = [];
        for (let index = 0; index < n; index++) {
          const itemPath = `${path}.${field.name}[${index}]`;
          const value: Fields = {};
          if (item) {
            at = item.read(buf, at, end, value, itemPath);
            items.push(value['item']);
          } else {
            for (const codec of records) at = codec.read(buf, at, end, value, itemPath);
            items.push(value);
          }
        }
        out[field.name] = items;
        return at;
      },
    };
  }
  return compileScalar(field, text);
}

function compileScalar(field: ScalarField, text: TextEncoding): FieldCodec {
  const { name, width, type } = field;
  const optional = field.optional === true;
  const numeric = type === 'N' || type === 'amount';
  const justify = field.justify ?? (numeric ? 'right' : 'left');
  const padByte = (field.pad ?? (numeric ? '0' : ' ')).charCodeAt(0);
  const truncate = field.overflow === 'truncate';

  const writeBytes = (bytes: Buffer, buf: Buffer, offset: number) => {
    const gap = width - bytes.length;
    if (justify === 'left') {
      bytes.copy(buf, offset);
      buf.fill(padByte, offset + bytes.length, offset + width);
    } else {
      buf.fill(padByte, offset, offset + gap);
      bytes.copy(buf, offset + gap);
    }
    return offset + width;
  };

  const encodeValue = (value: unknown, path: string): Buffer => {
    const fail = (why: string) => new CodecError(`${path}.${name}: ${why}`);
    switch (type) {
      case 'N': {
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw fail('expected a non-negative integer');
        const digits = String(value);
        if (digits.length > width) throw fail(`${digits.length} digits do not fit in ${width}`);
        return Buffer.from(digits, 'latin1');
      }
      case 'amount': {
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw fail('expected an integer amount');
        const digits = String(Math.abs(value));
        if (digits.length > width - 1) throw fail(`${digits.length} digits do not fit in ${width - 1}`);
        // The sign leads; the digits are padded after it.
        return Buffer.from((value < 0 ? '-' : '+') + String.fromCharCode(padByte).repeat(width - 1 - digits.length) + digits, 'latin1');
      }
      case 'date': {
        if (typeof value !== 'string' || !isValidDate(value)) throw fail('expected a YYYY-MM-DD date');
        return Buffer.from(value.replaceAll('-', ''), 'latin1');
      }
      case 'time': {
        if (typeof value !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(value)) throw fail('expected HH:MM:SS');
        return Buffer.from(value.replaceAll(':', ''), 'latin1');
      }
      case 'flag': {
        if (typeof value !== 'boolean') throw fail('expected a boolean');
        return Buffer.from(value ? 'Y' : 'N', 'latin1');
      }
      case 'AN': {
        if (typeof value !== 'string') throw fail('expected a string');
        const bytes = text.encode(value);
        if (bytes.length <= width) return bytes;
        if (truncate) return text.encodeTruncated(value, width);
        throw fail(`${bytes.length} bytes of ${text.name} do not fit in ${width}`);
      }
    }
  };

  return {
    measure: () => width,
    write(record, buf, offset, path) {
      const value = record[name];
      if (value === undefined || value === null) {
        if (!optional) throw new CodecError(`${path}.${name}: required`);
        buf.fill(SPACE, offset, offset + width);
        return offset + width;
      }
      // Fixed-format types fill their width exactly.
      const bytes = encodeValue(value, path);
      if (type === 'amount' || type === 'date' || type === 'time' || type === 'flag') {
        bytes.copy(buf, offset);
        return offset + width;
      }
      return writeBytes(bytes, buf, offset);
    },
    read(buf, offset, end, out, path) {
      const stop = offset + width;
      const where = () => `${path}.${name} (bytes ${offset}-${stop - 1})`;
      if (stop > end) throw new CodecError(`${where()}: message too short, ${Math.max(0, end - offset)} bytes left`);
      let blank = true;
      for (let i = offset; i < stop; i++) {
        if (buf[i] !== SPACE) {
          blank = false;
          break;
        }
      }
      if (blank && (optional || type !== 'AN')) {
        if (!optional) throw new CodecError(`${where()}: required field is blank`);
        return stop;
      }
      out[name] = decodeValue(buf, offset, stop, where);
      return stop;
    },
  };

  function decodeValue(buf: Buffer, start: number, stop: number, where: () => string): unknown {
    const fail = (why: string) => new CodecError(`${where()}: ${why}`);
    switch (type) {
      case 'N': {
        const digits = stripPad(buf.toString('latin1', start, stop));
        if (!/^\d+$/.test(digits)) throw fail(`not a number: ${JSON.stringify(printable(buf, start, stop))}`);
        const value = Number(digits);
        if (!Number.isSafeInteger(value)) throw fail('number too large');
        return value;
      }
      case 'amount': {
        const raw = buf.toString('latin1', start, stop);
        const sign = raw[0];
        const digits = stripLeading(raw.slice(1), String.fromCharCode(padByte));
        if ((sign !== '+' && sign !== '-') || !/^\d+$/.test(digits)) {
          throw fail(`not an amount: ${JSON.stringify(printable(buf, start, stop))}`);
        }
        const value = Number(digits);
        if (!Number.isSafeInteger(value)) throw fail('amount too large');
        return sign === '-' ? -value : value;
      }
      case 'date': {
        const raw = buf.toString('latin1', start, stop);
        const iso = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
        if (!/^\d{8}$/.test(raw) || !isValidDate(iso)) throw fail(`not a date: ${JSON.stringify(printable(buf, start, stop))}`);
        return iso;
      }
      case 'time': {
        const raw = buf.toString('latin1', start, stop);
        if (!/^([01]\d|2[0-3])[0-5]\d[0-5]\d$/.test(raw)) throw fail(`not a time: ${JSON.stringify(printable(buf, start, stop))}`);
        return `${raw.slice(0, 2)}:${raw.slice(2, 4)}:${raw.slice(4, 6)}`;
      }
      case 'flag': {
        const raw = buf.toString('latin1', start, stop);
        if (raw !== 'Y' && raw !== 'N') throw fail(`not Y or N: ${JSON.stringify(printable(buf, start, stop))}`);
        return raw === 'Y';
      }
      case 'AN': {
        let from = start;
        let to = stop;
        if (justify === 'left') while (to > from && buf[to - 1] === padByte) to--;
        else while (from < to && buf[from] === padByte) from++;
        return text.decode(buf.subarray(from, to));
      }
    }
  }

  function stripPad(raw: string): string {
    const padChar = String.fromCharCode(padByte);
    let from = 0;
    let to = raw.length;
    if (justify === 'right') while (from < to - 1 && raw[from] === padChar) from++;
    else while (to > from + 1 && raw[to - 1] === padChar) to--;
    return raw.slice(from, to);
  }
}

function stripLeading(raw: string, padChar: string): string {
  let from = 0;
  while (from < raw.length - 1 && raw[from] === padChar) from++;
  return raw.slice(from);
}

function isValidDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** For error messages: bytes as text, control and high bytes as `\xNN`. */
function printable(buf: Buffer, start: number, stop: number): string {
  let out = '';
  for (let i = start; i < stop && out.length < 60; i++) {
    const byte = buf[i] ?? 0;
    out += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
