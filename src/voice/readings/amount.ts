// Reading amounts of money in yuan (CNY).
//
// Mandarin, as bank IVRs say it (元 角 分):
//   10005.30 一万零五元三角      0.07 七分           3.05 三元零五分
//   3.50 三元五角 (三元五角整 with zheng)          2.00 两元 (两元整 with zheng)
//   0 零元                      -12.50 负十二元五角
// 零 before 分 when there are yuan and no 角; 角 and 分 after 元 say 二 (两元二角),
// and 两 when they come first (0.20 两角, 0.02 两分). See zh-numbers.ts for
// 两/二 and 零 inside the yuan part.
//
// English: the yuan in words, then the fen (jiao and fen together) in words,
// mirroring the Mandarin 元…角分 so both read the same structure:
//   10005.30 "ten thousand and five yuan thirty fen"   0.07 "seven fen"
//   0 "zero yuan"   -12.50 "minus twelve yuan fifty fen".
// `zheng` (整, "exactly") is Mandarin only: English has no spoken equivalent
// in this style, so it is not said.

import type { PromptId } from '../prompts/catalog.js';
import type { Lang } from '../prompts/entry.js';
import { parseDecimal, toBigInt } from './decimal.js';
import { enIntegerIds } from './en-numbers.js';
import { tokens, type SpeechToken } from './tokens.js';
import { zhIntegerIds, ZH_MAX_INTEGER } from './zh-numbers.js';

export interface AmountOptions {
  /** Mandarin: end an amount with no 分 with 整 (两元整, 三元五角整), as on a cheque. */
  readonly zheng?: boolean;
}

/** Largest magnitude read, in fen (just under 10^16 yuan). */
export const MAX_AMOUNT_FEN = (ZH_MAX_INTEGER + 1n) * 100n - 1n;

/**
 * A yuan amount as a decimal string ('10005.30', '-3.5', '20000000') to
 * integer fen. More than two decimals is refused, not rounded: an amount read
 * to a caller must be the amount in the books.
 */
export function parseYuan(yuan: string): bigint {
  const d = parseDecimal(yuan, 'amount');
  if (d.fraction.length > 2 && !/^0*$/.test(d.fraction.slice(2))) {
    throw new RangeError(`Expected at most two decimals (fen) for amount but received ${JSON.stringify(yuan)}`);
  }
  const fen = d.integer * 100n + BigInt((d.fraction + '00').slice(0, 2));
  return d.negative ? -fen : fen;
}

/** An amount given in integer fen (as the core system reports it): 1000530 -> 一万零五元三角. */
export function readAmountFen(fen: number | bigint, lang: Lang, options: AmountOptions = {}): SpeechToken[] {
  const value = toBigInt(fen, 'amount in fen');
  const magnitude = value < 0n ? -value : value;
  if (magnitude > MAX_AMOUNT_FEN) throw new RangeError(`amount ${value} fen is too large to read`);
  const sign: PromptId[] = value < 0n ? ['num.minus'] : [];
  const ids = lang === 'zh' ? zhAmountIds(magnitude, options) : enAmountIds(magnitude);
  return tokens([...sign, ...ids], lang);
}

/** An amount given as a yuan decimal string: '10005.30' -> 一万零五元三角. */
export function readAmountYuan(yuan: string, lang: Lang, options: AmountOptions = {}): SpeechToken[] {
  return readAmountFen(parseYuan(yuan), lang, options);
}

function zhAmountIds(fen: bigint, options: AmountOptions): PromptId[] {
  const yuan = fen / 100n;
  const jiao = (fen / 10n) % 10n;
  const cents = fen % 10n;
  if (fen === 0n) return ['num.0', 'cur.yuan'];
  const ids: PromptId[] = [];
  if (yuan > 0n) ids.push(...zhIntegerIds(yuan, 'liang'), 'cur.yuan');
  if (jiao > 0n) ids.push(...zhIntegerIds(jiao, ids.length === 0 ? 'liang' : 'er'), 'cur.jiao');
  if (cents > 0n) {
    if (yuan > 0n && jiao === 0n) ids.push('num.0');
    ids.push(...zhIntegerIds(cents, ids.length === 0 ? 'liang' : 'er'), 'cur.fen');
  }
  if (options.zheng && cents === 0n) ids.push('cur.zheng');
  return ids;
}

function enAmountIds(fen: bigint): PromptId[] {
  const yuan = fen / 100n;
  const cents = fen % 100n;
  const ids: PromptId[] = [];
  if (yuan > 0n || cents === 0n) ids.push(...enIntegerIds(yuan), 'cur.yuan');
  if (cents > 0n) ids.push(...enIntegerIds(cents), 'cur.fen');
  return ids;
}
