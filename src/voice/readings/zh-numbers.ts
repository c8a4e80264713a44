// Mandarin number reading, as prompt ids.
//
// Integers are read in sections of four digits (个 十 百 千), joined by 万
// (10^4) and 亿 (10^8); above 亿 the high part is read recursively, so 10^12
// is 一万亿. Up to 10^16 - 1 (九千九百九十九万亿…).
//
// 零: one 零 for any run of zeros between spoken digits, none at the end:
//   1001 一千零一, 1010 一千零一十, 100010 十万零一十, 1000001 一百万零一,
//   100001000 一亿零一千, 10001000 一千万一千 (no gap inside a full section).
// 十: a number that starts with 1 in the tens place says 十, not 一十
//   (10 十, 15 十五, 100000 十万, 10亿 十亿); inside a number it is 一十
//   (110 一百一十, 100010 十万零一十).
// 两 or 二 (TwoStyle):
//   'liang' — for counts of something (amounts, 笔, 次, hours of the clock):
//     a 2 that is the first word spoken and counts 百, 千, 万, 亿 or a measure
//     word reads 两: 两元, 两百元, 两千, 两万, 两千万, 两亿, 两笔, 两点.
//     Everywhere else 二: 十二, 二十, 一百二十, 一千二百, 一万二千, 两万二千.
//     (We say 两百 at the start, as Chinese bank IVRs do, and 二 inside a
//     number, which is the standard reading; 一万两千 is also heard, but
//     一万二千 is never wrong.)
//   'er' — for plain numbers, ordinals, decimals, dates, percentages: always
//     二 (二, 第二, 二点五, 二日, 百分之二).

import type { PromptId } from '../prompts/catalog.js';

export type TwoStyle = 'liang' | 'er';

export const ZH_MAX_INTEGER = 10n ** 16n - 1n;

const DIGIT: readonly PromptId[] = [
  'num.0', 'num.1', 'num.2', 'num.3', 'num.4', 'num.5', 'num.6', 'num.7', 'num.8', 'num.9',
];

function digitId(d: number): PromptId {
  const id = DIGIT[d];
  if (id === undefined) throw new RangeError(`not a digit: ${d}`);
  return id;
}

// Units inside a four-digit section, by position.
const SECTION_UNIT: readonly (PromptId | undefined)[] = [undefined, 'num.10', 'num.hundred', 'num.thousand'];

// Big units, largest first: the unit, its size, and the size below which the
// rest needs a 零 (its top digit is zero).
const BIG_UNITS: ReadonlyArray<readonly [PromptId, bigint, bigint]> = [
  ['num.yi', 10n ** 8n, 10n ** 7n],
  ['num.wan', 10n ** 4n, 10n ** 3n],
];

/** A non-negative integer, e.g. 10005n -> 一万零五. */
export function zhIntegerIds(n: bigint, two: TwoStyle): PromptId[] {
  if (n < 0n) throw new RangeError(`zhIntegerIds: negative ${n}`);
  if (n > ZH_MAX_INTEGER) throw new RangeError(`zhIntegerIds: ${n} is above ${ZH_MAX_INTEGER}`);
  if (n === 0n) return ['num.0'];
  return positive(n, true, two);
}

function positive(n: bigint, leading: boolean, two: TwoStyle): PromptId[] {
  for (const [unit, size, zeroBelow] of BIG_UNITS) {
    if (n < size) continue;
    const high = n / size;
    const low = n % size;
    const out = [...positive(high, leading, two), unit];
    if (low > 0n) {
      if (low < zeroBelow) out.push('num.0');
      out.push(...positive(low, false, two));
    }
    return out;
  }
  return section(Number(n), leading, two);
}

// 1..9999. `leading`: nothing has been spoken before this section.
function section(n: number, leading: boolean, two: TwoStyle): PromptId[] {
  const out: PromptId[] = [];
  let started = false;
  let zeroPending = false;
  for (let pos = 3; pos >= 0; pos -= 1) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (started) zeroPending = true;
      continue;
    }
    if (zeroPending) {
      out.push('num.0');
      zeroPending = false;
    }
    const first = leading && !started;
    const bareTen = pos === 1 && d === 1 && first;
    if (!bareTen) out.push(d === 2 && two === 'liang' && first && pos !== 1 ? 'num.liang' : digitId(d));
    const unit = SECTION_UNIT[pos];
    if (unit !== undefined) out.push(unit);
    started = true;
  }
  return out;
}

/** Digits after a decimal point, one by one: 05 -> 零五. */
export function zhFractionIds(fraction: string): PromptId[] {
  return [...fraction].map((c) => digitId(Number(c)));
}

/**
 * A digit string read one by one, as for account, card and phone numbers.
 * Mandarin says 幺 (yāo) for 1 here, so that 1 and 7 (yī, qī) are not confused
 * on the phone; 0 is 零 and 2 is 二. Years are read digit by digit too, but
 * with 一 (`yao: false`): 二零一九年.
 */
export function zhDigitIds(digits: string, options: { yao: boolean }): PromptId[] {
  return [...digits].map((c) => (c === '1' && options.yao ? 'num.yao' : digitId(Number(c))));
}
