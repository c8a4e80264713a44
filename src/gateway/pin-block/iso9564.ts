/**
 * ISO 9564-1 PIN blocks: the enciphered form in which a PIN (or a numeric password) crosses the
 * network, bound to the account it belongs to.
 *
 * - Format 0 (ISO-0): 64 bits. PIN field `0 N P..P F..F` XOR account field `0000` + the 12
 *   rightmost digits of the account excluding its check digit, enciphered under a double-length
 *   TDEA key (ECB, one block).
 * - Format 4 (ISO-4, ISO 9564-1:2017, the current recommendation): 128 bits under AES-128.
 *   PIN field `4 N P..P A..A` (16 nibbles) followed by 8 random bytes; account field: one
 *   nibble "length − 12" (0 for 12 digits or fewer, left-padded with zeros to 12), the digits,
 *   zero-filled to 32 nibbles. Enciphered as AES(K, AES(K, pin field) XOR account field).
 *
 * The account is what the customer keyed in (card, passbook, customer or corporate number).
 * Numbers longer than 19 digits (some corporate accounts) use their rightmost 19.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type PinBlockFormat = 'iso0' | 'iso4';
export const pinBlockFormats: readonly PinBlockFormat[] = ['iso0', 'iso4'];

/** Hex characters a block takes on the wire. */
export const pinBlockHexLength: Record<PinBlockFormat, number> = { iso0: 16, iso4: 32 };

export class PinBlockError extends Error {
  override readonly name = 'PinBlockError';
}

const MAX_PAN_DIGITS = 19;

function checkPin(pin: string): void {
  if (!/^\d{4,12}$/.test(pin)) throw new PinBlockError('a PIN block holds 4-12 digits');
}

function panDigits(account: string): string {
  if (!/^\d{2,}$/.test(account)) throw new PinBlockError('the account of a PIN block must be digits');
  return account.length > MAX_PAN_DIGITS ? account.slice(-MAX_PAN_DIGITS) : account;
}

function fromNibbles(nibbles: string): Buffer {
  return Buffer.from(nibbles, 'hex');
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

function ecb(algorithm: 'des-ede' | 'aes-128-ecb', key: Buffer, data: Buffer, decipher: boolean): Buffer {
  const cipher = decipher ? createDecipheriv(algorithm, key, null) : createCipheriv(algorithm, key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

// --- format 0 ---------------------------------------------------------------------------------

/** `0 N PIN F…F`, 16 nibbles. */
export function format0PinField(pin: string): Buffer {
  checkPin(pin);
  return fromNibbles(('0' + pin.length.toString(16) + pin).padEnd(16, 'F'));
}

/** `0000` + the 12 rightmost digits excluding the check digit (left-padded with zeros). */
export function format0PanField(account: string): Buffer {
  const digits = panDigits(account).slice(0, -1);
  return fromNibbles('0000' + digits.slice(-12).padStart(12, '0'));
}

/** The clear block: PIN field XOR account field. */
export function format0ClearBlock(pin: string, account: string): Buffer {
  return xor(format0PinField(pin), format0PanField(account));
}

export function encipherFormat0(pin: string, account: string, key: Buffer): Buffer {
  return ecb('des-ede', key, format0ClearBlock(pin, account), false);
}

export function decipherFormat0(block: Buffer, account: string, key: Buffer): string {
  if (block.length !== 8) throw new PinBlockError('a format 0 PIN block is 8 bytes');
  const field = xor(ecb('des-ede', key, block, true), format0PanField(account)).toString('hex').toUpperCase();
  return readPinField(field, '0', 'F');
}

// --- format 4 ---------------------------------------------------------------------------------

/** `4 N PIN A…A` (16 nibbles) then 8 random bytes. */
export function format4PinField(pin: string, random: (size: number) => Buffer = randomBytes): Buffer {
  checkPin(pin);
  const fill = random(8);
  if (fill.length !== 8) throw new PinBlockError('format 4 needs 8 random bytes');
  return Buffer.concat([fromNibbles(('4' + pin.length.toString(16) + pin).padEnd(16, 'A')), fill]);
}

/** Length indicator (digits − 12, 0 when 12 or fewer), the digits (at least 12), zero fill. */
export function format4PanField(account: string): Buffer {
  const digits = panDigits(account);
  const indicator = Math.max(0, digits.length - 12);
  return fromNibbles((indicator.toString(16) + digits.padStart(12, '0')).padEnd(32, '0'));
}

export function encipherFormat4(pin: string, account: string, key: Buffer, random?: (size: number) => Buffer): Buffer {
  const intermediate = ecb('aes-128-ecb', key, format4PinField(pin, random), false);
  return ecb('aes-128-ecb', key, xor(intermediate, format4PanField(account)), false);
}

export function decipherFormat4(block: Buffer, account: string, key: Buffer): string {
  if (block.length !== 16) throw new PinBlockError('a format 4 PIN block is 16 bytes');
  const intermediate = xor(ecb('aes-128-ecb', key, block, true), format4PanField(account));
  const field = ecb('aes-128-ecb', key, intermediate, true).subarray(0, 8).toString('hex').toUpperCase();
  return readPinField(field, '4', 'A');
}

/** Reads `C N PIN fill…` (16 nibbles); anything else is a wrong key or account. */
function readPinField(field: string, control: string, fill: string): string {
  const length = parseInt(field[1] ?? '', 16);
  if (field[0] !== control || !(length >= 4 && length <= 12)) throw new PinBlockError('not a PIN block of this format, key and account');
  const pin = field.slice(2, 2 + length);
  if (!/^\d+$/.test(pin) || field.slice(2 + length) !== fill.repeat(14 - length)) {
    throw new PinBlockError('not a PIN block of this format, key and account');
  }
  return pin;
}

// --- either -----------------------------------------------------------------------------------

export function encipherPinBlock(format: PinBlockFormat, pin: string, account: string, key: Buffer): string {
  const block = format === 'iso0' ? encipherFormat0(pin, account, key) : encipherFormat4(pin, account, key);
  return block.toString('hex').toUpperCase();
}

export function decipherPinBlock(format: PinBlockFormat, hex: string, account: string, key: Buffer): string {
  if (!new RegExp(`^[0-9A-Fa-f]{${pinBlockHexLength[format]}}$`).test(hex)) {
    throw new PinBlockError(`a ${format} PIN block is ${pinBlockHexLength[format]} hex characters`);
  }
  const block = Buffer.from(hex, 'hex');
  return format === 'iso0' ? decipherFormat0(block, account, key) : decipherFormat4(block, account, key);
}
