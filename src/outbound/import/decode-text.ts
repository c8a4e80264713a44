/**
 * The text of an uploaded CSV: UTF-8 when the bytes are valid UTF-8 (a BOM is dropped),
 * otherwise GB18030, which is what Excel on Chinese Windows writes for "CSV". Strict UTF-8
 * decoding first is what tells them apart: GB18030 text is almost never valid UTF-8.
 */
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'gb18030';

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'), encoding: 'gb18030' };
  }
}
