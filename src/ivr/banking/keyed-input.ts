/**
 * What callers key in, turned into what the core expects. Each parser returns undefined for
 * an entry that cannot be right, so the IVR asks again instead of sending nonsense.
 *
 *   amount     '1234*5'  -> 123450 fen   (* is the decimal point; at most two decimals)
 *   yuan       '50'      -> 5000 fen     (whole yuan: mobile prepayment)
 *   date       '20260105' -> '2026-01-05' (a real date, not after today)
 *   id-number  '31010119920515567*' -> '31010119920515567X'
 */
import { MAX_AMOUNT_FEN } from '../../voice/readings/index.js';

const MAX_FEN = Number(MAX_AMOUNT_FEN < BigInt(Number.MAX_SAFE_INTEGER) ? MAX_AMOUNT_FEN : BigInt(Number.MAX_SAFE_INTEGER));

export function parseKeyedAmount(keys: string): number | undefined {
  const m = /^(\d+)(?:\*(\d{0,2}))?$/.exec(keys);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  return Number.isSafeInteger(fen) && fen > 0 && fen <= MAX_FEN ? fen : undefined;
}

export function parseKeyedYuan(keys: string): number | undefined {
  if (!/^\d+$/.test(keys)) return undefined;
  const fen = Number(keys) * 100;
  return Number.isSafeInteger(fen) && fen > 0 ? fen : undefined;
}

export function parseKeyedDate(keys: string, today: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(keys);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return iso <= today ? iso : undefined;
}

export function parseKeyedIdNumber(keys: string): string | undefined {
  if (!/^\d{3,31}\*?$/.test(keys)) return undefined;
  return keys.endsWith('*') ? `${keys.slice(0, -1)}X` : keys;
}
