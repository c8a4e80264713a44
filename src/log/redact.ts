/**
 * Secret scrubbing for anything that leaves the process or reaches a disk: log lines, audit
 * before/after snapshots, event payloads, record detail fields. One rule everywhere:
 *
 * - a key that names a secret (pin, password, passwd, token, cookie, authorization, secret,
 *   api key, session id, and their compounds like newPassword or csrf_token) has its value
 *   replaced by '[REDACTED]', at any depth;
 * - a key that names a card number (cardNumber, card_number, pan, cardNo, account...) keeps
 *   only a masked form (6222 **** **** 1234);
 * - any string that contains a card-number-like digit run is masked.
 */
import { maskCardNumber, maskCardNumbersInText } from './mask.js';

export const REDACTED = '[REDACTED]';

/** Database drivers put the statement, values filled in, on their errors (mysql2: `sql`). */
const DRIVER_SQL_KEYS = new Set(['sql']);

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const SECRET_EXACT = new Set(['pin', 'pinblock', 'pincode', 'pinnumber', 'passcode', 'passphrase', 'pwd', 'passwd', 'password', 'token', 'cookie', 'setcookie', 'authorization', 'secret', 'apikey', 'sessionid', 'cvv', 'cvv2', 'cvn', 'otp', 'salt']);
const SECRET_SUFFIXES = ['pin', 'password', 'passwd', 'pwd', 'token', 'secret', 'cookie', 'hash', 'pinblock', 'apikey'];
const CARD_EXACT = new Set(['pan', 'cardnumber', 'cardno', 'cardnum', 'primaryaccountnumber']);

export function isSecretKey(key: string): boolean {
  const k = normaliseKey(key);
  if (SECRET_EXACT.has(k)) return true;
  return SECRET_SUFFIXES.some((suffix) => k.length > suffix.length && k.endsWith(suffix));
}

export function isCardKey(key: string): boolean {
  return CARD_EXACT.has(normaliseKey(key));
}

function scrubValue(key: string | null, value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (key !== null && isSecretKey(key)) return value === null || value === undefined ? value : REDACTED;
  if (key !== null && isCardKey(key)) {
    if (typeof value === 'string' || typeof value === 'number') return maskCardNumber(String(value));
    return value === null || value === undefined ? value : REDACTED;
  }
  if (typeof value === 'string') return maskCardNumbersInText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 32) return '[TooDeep]';
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => scrubValue(null, item, seen, depth + 1));
    if (value instanceof Error) {
      const copy: Record<string, unknown> = { type: value.name, message: maskCardNumbersInText(value.message) };
      if (value.stack) copy['stack'] = maskCardNumbersInText(value.stack);
      for (const [k, v] of Object.entries(value)) copy[k] = DRIVER_SQL_KEYS.has(k) ? REDACTED : scrubValue(k, v, seen, depth + 1);
      return copy;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubValue(k, v, seen, depth + 1);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** A deep copy of `value` with every secret removed and every card number masked. */
export function redactSecrets<T>(value: T): T {
  return scrubValue(null, value, new WeakSet(), 0) as T;
}
