/**
 * Length-prefixed framing on a byte stream.
 *
 * Each frame is a length prefix and then that many bytes of message. The prefix is either
 * ASCII decimal digits (`{ kind: 'ascii', digits: 6 }` → "000123") or a big-endian binary
 * integer (`{ kind: 'binary', bytes: 4 }`), as the bank's core expects. A zero length is a
 * heartbeat and carries nothing. A prefix that is not a number, or announces more than
 * `maxFrameBytes`, is a framing error: the stream is out of step and must be closed.
 */
export type LengthPrefix = { kind: 'ascii'; digits: number } | { kind: 'binary'; bytes: 2 | 4 };

export interface FramingOptions {
  prefix: LengthPrefix;
  maxFrameBytes: number;
}

export const defaultFraming: FramingOptions = { prefix: { kind: 'ascii', digits: 6 }, maxFrameBytes: 64 * 1024 };

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

export function prefixWidth(prefix: LengthPrefix): number {
  return prefix.kind === 'ascii' ? prefix.digits : prefix.bytes;
}

export function checkFraming(options: FramingOptions): void {
  const { prefix, maxFrameBytes } = options;
  if (prefix.kind === 'ascii' && (!Number.isInteger(prefix.digits) || prefix.digits < 2 || prefix.digits > 9)) {
    throw new Error('ascii length prefix: 2-9 digits');
  }
  const capacity = prefix.kind === 'ascii' ? 10 ** prefix.digits - 1 : 2 ** (8 * prefix.bytes) - 1;
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 64 || maxFrameBytes > capacity) {
    throw new Error(`maxFrameBytes must be 64..${capacity} for this prefix`);
  }
}

export function writePrefix(prefix: LengthPrefix, length: number, buf: Buffer, offset: number): void {
  if (prefix.kind === 'ascii') {
    buf.write(String(length).padStart(prefix.digits, '0'), offset, prefix.digits, 'latin1');
  } else if (prefix.bytes === 2) {
    buf.writeUInt16BE(length, offset);
  } else {
    buf.writeUInt32BE(length, offset);
  }
}

/** Splits a byte stream into frame payloads. Throws FrameError; after that, discard it. */
export class FrameDecoder {
  readonly #prefix: LengthPrefix;
  readonly #prefixWidth: number;
  readonly #max: number;
  #pending: Buffer = Buffer.alloc(0);
  #failed = false;

  constructor(options: FramingOptions) {
    checkFraming(options);
    this.#prefix = options.prefix;
    this.#prefixWidth = prefixWidth(options.prefix);
    this.#max = options.maxFrameBytes;
  }

  /** Bytes received but not yet a whole frame. */
  get bufferedBytes(): number {
    return this.#pending.length;
  }

  push(chunk: Buffer): Buffer[] {
    if (this.#failed) throw new FrameError('stream already out of step');
    let buf = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: Buffer[] = [];
    let offset = 0;
    while (buf.length - offset >= this.#prefixWidth) {
      const length = this.#readLength(buf, offset);
      const start = offset + this.#prefixWidth;
      if (buf.length - start < length) break;
      if (length > 0) frames.push(buf.subarray(start, start + length));
      offset = start + length;
    }
    buf = buf.subarray(offset);
    // Keep a copy of a small remainder, so the big chunk it came from can be collected.
    this.#pending = buf.length > 0 && buf.length < 4096 ? Buffer.from(buf) : buf;
    return frames;
  }

  #readLength(buf: Buffer, offset: number): number {
    let length: number;
    if (this.#prefix.kind === 'ascii') {
      const digits = buf.toString('latin1', offset, offset + this.#prefixWidth);
      if (!/^\d+$/.test(digits)) {
        this.#failed = true;
        throw new FrameError(`length prefix is not ${this.#prefixWidth} digits: ${JSON.stringify(digits)}`);
      }
      length = Number(digits);
    } else {
      length = this.#prefixWidth === 2 ? buf.readUInt16BE(offset) : buf.readUInt32BE(offset);
    }
    if (length > this.#max) {
      this.#failed = true;
      throw new FrameError(`frame of ${length} bytes exceeds the ${this.#max}-byte limit`);
    }
    return length;
  }
}
