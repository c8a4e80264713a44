// English number reading, as prompt ids, in the British style usual for
// English-language services in China: "and" before the last part below a
// hundred (one hundred and ten, ten thousand and five, one million and one);
// short scale (million, billion, trillion).

import type { PromptId } from '../prompts/catalog.js';

const ONES: readonly PromptId[] = [
  'num.0', 'num.1', 'num.2', 'num.3', 'num.4', 'num.5', 'num.6', 'num.7', 'num.8', 'num.9',
  'num.10', 'num.11', 'num.12', 'num.13', 'num.14', 'num.15', 'num.16', 'num.17', 'num.18', 'num.19',
];
const TENS: readonly (PromptId | undefined)[] = [
  undefined, undefined, 'num.20', 'num.30', 'num.40', 'num.50', 'num.60', 'num.70', 'num.80', 'num.90',
];
const SCALES: ReadonlyArray<readonly [bigint, PromptId]> = [
  [10n ** 12n, 'num.trillion'],
  [10n ** 9n, 'num.billion'],
  [10n ** 6n, 'num.million'],
  [1000n, 'num.thousand'],
];

// The ordinal form of the last word of a cardinal.
const ORDINAL_OF: Partial<Record<PromptId, PromptId>> = {
  'num.1': 'ord.1', 'num.2': 'ord.2', 'num.3': 'ord.3', 'num.4': 'ord.4', 'num.5': 'ord.5',
  'num.6': 'ord.6', 'num.7': 'ord.7', 'num.8': 'ord.8', 'num.9': 'ord.9', 'num.10': 'ord.10',
  'num.11': 'ord.11', 'num.12': 'ord.12', 'num.13': 'ord.13', 'num.14': 'ord.14', 'num.15': 'ord.15',
  'num.16': 'ord.16', 'num.17': 'ord.17', 'num.18': 'ord.18', 'num.19': 'ord.19',
  'num.20': 'ord.20', 'num.30': 'ord.30', 'num.40': 'ord.40', 'num.50': 'ord.50',
  'num.60': 'ord.60', 'num.70': 'ord.70', 'num.80': 'ord.80', 'num.90': 'ord.90',
  'num.hundred': 'ord.hundred', 'num.thousand': 'ord.thousand', 'num.million': 'ord.million',
  'num.billion': 'ord.billion', 'num.trillion': 'ord.trillion',
};

export const EN_MAX_INTEGER = 10n ** 16n - 1n;

function at<T>(list: readonly (T | undefined)[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new RangeError(`no entry ${i}`);
  return v;
}

/** A non-negative integer: 10005n -> ten thousand and five. */
export function enIntegerIds(n: bigint): PromptId[] {
  if (n < 0n) throw new RangeError(`enIntegerIds: negative ${n}`);
  if (n > EN_MAX_INTEGER) throw new RangeError(`enIntegerIds: ${n} is above ${EN_MAX_INTEGER}`);
  if (n === 0n) return ['num.0'];
  return positive(n);
}

function positive(n: bigint): PromptId[] {
  const out: PromptId[] = [];
  let rest = n;
  for (const [size, word] of SCALES) {
    if (rest < size) continue;
    out.push(...positive(rest / size), word);
    rest %= size;
  }
  if (rest > 0n) {
    if (out.length > 0 && rest < 100n) out.push('num.and');
    out.push(...belowThousand(Number(rest)));
  }
  return out;
}

function belowThousand(n: number): PromptId[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out: PromptId[] = [];
  if (hundreds > 0) out.push(at(ONES, hundreds), 'num.hundred');
  if (rest > 0) {
    if (hundreds > 0) out.push('num.and');
    out.push(...belowHundred(rest));
  }
  return out;
}

function belowHundred(n: number): PromptId[] {
  if (n < 20) return [at(ONES, n)];
  const ones = n % 10;
  return ones === 0 ? [at(TENS, Math.floor(n / 10))] : [at(TENS, Math.floor(n / 10)), at(ONES, ones)];
}

/** An ordinal, n >= 1: 22n -> twenty-second, 100n -> one hundredth. */
export function enOrdinalIds(n: bigint): PromptId[] {
  if (n < 1n) throw new RangeError(`enOrdinalIds: ${n} has no ordinal`);
  const ids = enIntegerIds(n);
  const last = ids[ids.length - 1];
  const ordinal = last === undefined ? undefined : ORDINAL_OF[last];
  if (ordinal === undefined) throw new RangeError(`enOrdinalIds: no ordinal for ${n}`);
  ids[ids.length - 1] = ordinal;
  return ids;
}

/** Digits one by one (account, card and phone numbers; after a decimal point). */
export function enDigitIds(digits: string): PromptId[] {
  return [...digits].map((c) => at(ONES, Number(c)));
}

/**
 * A calendar year as spoken: 2026 twenty twenty-six, 2005 two thousand and
 * five, 2000 two thousand, 1999 nineteen ninety-nine, 1905 nineteen oh five,
 * 1900 nineteen hundred. Outside 1000..9999, the plain number.
 */
export function enYearIds(year: number): PromptId[] {
  if (!Number.isSafeInteger(year) || year < 0) throw new RangeError(`enYearIds: ${year}`);
  if (year < 1000 || year > 9999) return enIntegerIds(BigInt(year));
  if (year >= 2000 && year <= 2009) return enIntegerIds(BigInt(year));
  const high = Math.floor(year / 100);
  const low = year % 100;
  if (low === 0) return [...belowHundred(high), 'num.hundred'];
  if (low < 10) return [...belowHundred(high), 'num.oh', at(ONES, low)];
  return [...belowHundred(high), ...belowHundred(low)];
}
