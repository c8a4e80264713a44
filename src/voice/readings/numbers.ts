// Reading plain numbers, decimals, percentages, counts, ordinals, digit
// strings and keypad keys, in Mandarin and English, as speech tokens.

import type { PromptId } from '../prompts/catalog.js';
import type { Lang } from '../prompts/entry.js';
import { parseDecimal, significantFraction, toBigInt, type Decimal } from './decimal.js';
import { enDigitIds, enIntegerIds, enOrdinalIds } from './en-numbers.js';
import { tokens, type SpeechToken } from './tokens.js';
import { zhDigitIds, zhFractionIds, zhIntegerIds, type TwoStyle } from './zh-numbers.js';

/** Whole number, possibly negative: 负 / minus. Mandarin reads a leading 2 as 二 unless `two: 'liang'`. */
export function readNumber(n: number | bigint, lang: Lang, options: { two?: TwoStyle } = {}): SpeechToken[] {
  const value = toBigInt(n, 'number');
  const magnitude = value < 0n ? -value : value;
  const ids: PromptId[] = value < 0n ? ['num.minus'] : [];
  ids.push(...(lang === 'zh' ? zhIntegerIds(magnitude, options.two ?? 'er') : enIntegerIds(magnitude)));
  return tokens(ids, lang);
}

function decimalIds(d: Decimal, lang: Lang): PromptId[] {
  const fraction = significantFraction(d.fraction);
  const ids = lang === 'zh' ? zhIntegerIds(d.integer, 'er') : enIntegerIds(d.integer);
  if (fraction !== '') ids.push('num.point', ...(lang === 'zh' ? zhFractionIds(fraction) : enDigitIds(fraction)));
  return ids;
}

/** Decimal number: '1.5' -> 一点五 / one point five. Trailing fraction zeros are not read. */
export function readDecimal(value: string | number, lang: Lang): SpeechToken[] {
  const d = parseDecimal(value, 'decimal');
  return tokens([...(d.negative ? (['num.minus'] as PromptId[]) : []), ...decimalIds(d, lang)], lang);
}

/**
 * A percentage given in percent units: '1.5' -> 百分之一点五 / one point five
 * percent. Interest rates: 'rate.annual' + readPercent -> 年利率百分之一点五.
 */
export function readPercent(value: string | number, lang: Lang): SpeechToken[] {
  const d = parseDecimal(value, 'percentage');
  const sign: PromptId[] = d.negative ? ['num.minus'] : [];
  const ids: PromptId[] =
    lang === 'zh' ? [...sign, 'num.percent', ...decimalIds(d, lang)] : [...sign, ...decimalIds(d, lang), 'num.percent'];
  return tokens(ids, lang);
}

export type CountUnit =
  | 'transaction'
  | 'hour'
  | 'minute'
  | 'second'
  | 'day'
  | 'month'
  | 'year'
  | 'caller'
  | 'attempt'
  | 'page';

const UNIT_ID: Record<CountUnit, readonly [PromptId, PromptId]> = {
  transaction: ['unit.transaction', 'unit.transaction.pl'],
  hour: ['unit.hour', 'unit.hour.pl'],
  minute: ['unit.minute', 'unit.minute.pl'],
  second: ['unit.second', 'unit.second.pl'],
  day: ['unit.day', 'unit.day.pl'],
  month: ['unit.month', 'unit.month.pl'],
  year: ['unit.year', 'unit.year.pl'],
  caller: ['unit.caller', 'unit.caller.pl'],
  attempt: ['unit.attempt', 'unit.attempt.pl'],
  page: ['unit.page', 'unit.page.pl'],
};

export function unitId(unit: CountUnit, lang: Lang, count: bigint): PromptId {
  const [singular, plural] = UNIT_ID[unit];
  return lang === 'en' && count !== 1n ? plural : singular;
}

/** A count of something: 2 笔 -> 两笔 / two transactions; 1 -> 一笔 / one transaction. */
export function countIds(n: bigint, unit: CountUnit, lang: Lang): PromptId[] {
  if (n < 0n) throw new RangeError(`a count cannot be negative: ${n}`);
  const number = lang === 'zh' ? zhIntegerIds(n, 'liang') : enIntegerIds(n);
  return [...number, unitId(unit, lang, n)];
}

export function readCount(n: number | bigint, unit: CountUnit, lang: Lang): SpeechToken[] {
  return tokens(countIds(toBigInt(n, 'count'), unit, lang), lang);
}

/**
 * An ordinal, with an optional measure word: (1, 'transaction') -> 第一笔 /
 * first transaction; (2) -> 第二 / second. Mandarin ordinals always say 二.
 */
export function readOrdinal(n: number | bigint, lang: Lang, unit?: CountUnit): SpeechToken[] {
  const value = toBigInt(n, 'ordinal');
  if (value < 1n) throw new RangeError(`Expected an ordinal of 1 or more but received ${value}`);
  const ids: PromptId[] = lang === 'zh' ? ['num.ordinal', ...zhIntegerIds(value, 'er')] : enOrdinalIds(value);
  if (unit) ids.push(unitId(unit, lang, 1n));
  return tokens(ids, lang);
}

export interface DigitsOptions {
  /**
   * Mark the tokens sensitive (card and account numbers): logs and simulator
   * output then show '*' for each digit. Phone numbers need not be.
   */
  readonly sensitive?: boolean;
  /** Insert a short pause after every `group` digits (4 for card numbers). */
  readonly group?: number;
}

/**
 * Digits one by one: '6222' -> 六二二二 / six two two two; Mandarin reads 1 as
 * 幺: '110' -> 幺幺零.
 */
export function readDigits(digits: string, lang: Lang, options: DigitsOptions = {}): SpeechToken[] {
  if (!/^\d+$/.test(digits)) throw new RangeError('Expected a string of digits 0-9 for digits');
  const group = options.group ?? 0;
  if (!Number.isInteger(group) || group < 0) throw new RangeError(`Expected a whole group size but received ${group}`);
  const ids: PromptId[] = [];
  for (let i = 0; i < digits.length; i += group > 0 ? group : digits.length) {
    const part = digits.slice(i, group > 0 ? i + group : undefined);
    if (i > 0) ids.push('pause.short');
    ids.push(...(lang === 'zh' ? zhDigitIds(part, { yao: true }) : enDigitIds(part)));
  }
  // The pauses are not secret: they keep the grouping visible in masked logs.
  const list = tokens(ids, lang);
  if (!options.sensitive) return list;
  return list.map((t): SpeechToken => (t.id === 'pause.short' ? t : { ...t, sensitive: true }));
}

export type Key = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

const KEY_ID: Record<Key, PromptId> = {
  '0': 'num.0', '1': 'num.1', '2': 'num.2', '3': 'num.3', '4': 'num.4',
  '5': 'num.5', '6': 'num.6', '7': 'num.7', '8': 'num.8', '9': 'num.9',
  '*': 'key.star', '#': 'key.hash', A: 'key.a', B: 'key.b', C: 'key.c', D: 'key.d',
};

export function isKey(value: string): value is Key {
  return Object.hasOwn(KEY_ID, value);
}

/**
 * One keypad key, as the line test reads it back: 1 -> 一 / one (a single key
 * is a number said on its own, not part of a digit string, so 一 not 幺).
 */
export function readKey(key: Key, lang: Lang): SpeechToken[] {
  return tokens([KEY_ID[key]], lang);
}
