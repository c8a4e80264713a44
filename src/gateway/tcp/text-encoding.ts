/**
 * Text of AN fields in GB18030 or UTF-8, chosen per deployment (many Chinese cores speak
 * GB18030). Widths are in bytes of the chosen encoding, so cutting text to a width must
 * happen on character boundaries.
 */
import iconv from 'iconv-lite';

export type TextEncodingName = 'gb18030' | 'utf8';

export interface TextEncoding {
  readonly name: TextEncodingName;
  encode(text: string): Buffer;
  decode(bytes: Buffer): string;
  /** The longest prefix of `text` whose encoding fits in `maxBytes`, encoded. */
  encodeTruncated(text: string, maxBytes: number): Buffer;
}

const printableAscii = /^[\x20-\x7e]*$/;

function makeEncoding(name: TextEncodingName, encodeFull: (text: string) => Buffer, decodeFull: (bytes: Buffer) => string): TextEncoding {
  return {
    name,
    encode: (text) => (printableAscii.test(text) ? Buffer.from(text, 'latin1') : encodeFull(text)),
    decode(bytes) {
      for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return decodeFull(bytes);
      return bytes.toString('latin1');
    },
    encodeTruncated(text, maxBytes) {
      const parts: Buffer[] = [];
      let used = 0;
      // Whole code points (surrogate pairs stay together), one at a time.
      for (const char of text) {
        const bytes = encodeFull(char);
        if (used + bytes.length > maxBytes) break;
        parts.push(bytes);
        used += bytes.length;
      }
      return Buffer.concat(parts, used);
    },
  };
}

/**
 * GB18030 encoding through iconv-lite costs microseconds a call, and the core's texts (names,
 * payees, summaries) repeat: remember recent encodings. Decoding uses the platform's native
 * decoder when Node has it (full ICU), iconv-lite otherwise.
 */
function gb18030Encoder(): (text: string) => Buffer {
  const cache = new Map<string, Buffer>();
  return (text) => {
    let bytes = cache.get(text);
    if (bytes === undefined) {
      bytes = iconv.encode(text, 'gb18030');
      if (cache.size >= 4096) cache.clear();
      if (text.length <= 64) cache.set(text, bytes);
    }
    return bytes;
  };
}

function gb18030Decoder(): (bytes: Buffer) => string {
  try {
    const native = new TextDecoder('gb18030');
    return (bytes) => native.decode(bytes);
  } catch {
    return (bytes) => iconv.decode(bytes, 'gb18030');
  }
}

const encodings: Record<TextEncodingName, TextEncoding> = {
  gb18030: makeEncoding('gb18030', gb18030Encoder(), gb18030Decoder()),
  utf8: makeEncoding(
    'utf8',
    (text) => Buffer.from(text, 'utf8'),
    (bytes) => bytes.toString('utf8'),
  ),
};

export function textEncoding(name: TextEncodingName): TextEncoding {
  return encodings[name];
}
