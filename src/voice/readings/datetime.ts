// Reading dates, clock times and durations.
//
// Dates are calendar dates (year, month, day) with no time zone: the core
// system reports a transaction's business date, and the weekday is computed
// from the date itself.
//   zh: 2026-11-22 -> 二零二六年十一月二十二日 星期日 (year digit by digit with 零
//       and 二, month as one piece, day as a number with 二, weekday optional)
//   en: Sunday November twenty-second twenty twenty-six
//
// Clock times, 12-hour with the period of day, as Mandarin IVRs say them:
//   zh: 15:05 下午三点零五分, 15:00 下午三点整, 14:30 下午两点三十分, 00:10 凌晨零点十分
//       periods: 0-5 凌晨, 6-11 上午, 12 中午, 13-17 下午, 18-23 晚上;
//       hours count (两点), minutes below ten take 零 (零五分).
//   en: 15:05 three oh five p.m., 15:00 three p.m., 00:10 twelve ten a.m.

import type { PromptId } from '../prompts/catalog.js';
import type { Lang } from '../prompts/entry.js';
import { enIntegerIds, enOrdinalIds, enYearIds } from './en-numbers.js';
import { countIds } from './numbers.js';
import { tokens, type SpeechToken } from './tokens.js';
import { zhDigitIds, zhIntegerIds } from './zh-numbers.js';

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

const MONTH: readonly PromptId[] = [
  'month.1', 'month.2', 'month.3', 'month.4', 'month.5', 'month.6',
  'month.7', 'month.8', 'month.9', 'month.10', 'month.11', 'month.12',
];
const WEEKDAY: readonly PromptId[] = ['week.1', 'week.2', 'week.3', 'week.4', 'week.5', 'week.6', 'week.7'];

function pick(list: readonly PromptId[], index: number): PromptId {
  const id = list[index];
  if (id === undefined) throw new RangeError(`no entry ${index}`);
  return id;
}

/** 'YYYY-MM-DD' or 'YYYYMMDD' (as a caller keys it) to a checked calendar date. */
export function parseCalendarDate(text: string): CalendarDate {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  if (!m) throw new RangeError(`Expected a date as YYYY-MM-DD or YYYYMMDD but received ${JSON.stringify(text)}`);
  return checkDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
}

export function isValidDate(date: CalendarDate): boolean {
  const { year, month, day } = date;
  if (![year, month, day].every(Number.isInteger) || year < 1 || year > 9999) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function checkDate(date: CalendarDate): CalendarDate {
  if (!isValidDate(date)) throw new RangeError(`not a calendar date: ${date.year}-${date.month}-${date.day}`);
  return date;
}

// Sakamoto's method over the proleptic Gregorian calendar.
const MONTH_OFFSET = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];

/** ISO weekday of a calendar date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: CalendarDate): number {
  const { month, day } = checkDate(date);
  const y = month < 3 ? date.year - 1 : date.year;
  const sunday0 = (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + (MONTH_OFFSET[month - 1] ?? 0) + day) % 7;
  return sunday0 === 0 ? 7 : sunday0;
}

export interface DateOptions {
  /** Say the weekday too (星期日 / Sunday). Default false. */
  readonly weekday?: boolean;
  /** Say the year. Default true. */
  readonly year?: boolean;
}

export function readDate(date: CalendarDate | string, lang: Lang, options: DateOptions = {}): SpeechToken[] {
  const d = typeof date === 'string' ? parseCalendarDate(date) : checkDate(date);
  const withYear = options.year ?? true;
  const weekday = pick(WEEKDAY, isoWeekday(d) - 1);
  const month = pick(MONTH, d.month - 1);
  const ids: PromptId[] = [];
  if (lang === 'zh') {
    if (withYear) ids.push(...zhDigitIds(String(d.year), { yao: false }), 'date.year');
    ids.push(month, ...zhIntegerIds(BigInt(d.day), 'er'), 'date.day');
    if (options.weekday) ids.push(weekday);
  } else {
    if (options.weekday) ids.push(weekday);
    ids.push(month, ...enOrdinalIds(BigInt(d.day)));
    if (withYear) ids.push(...enYearIds(d.year));
  }
  return tokens(ids, lang);
}

/** 'HH:MM' (24-hour) to a checked clock time. */
export function parseClockTime(text: string): ClockTime {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new RangeError(`Expected a time as HH:MM but received ${JSON.stringify(text)}`);
  return checkTime({ hour: Number(m[1]), minute: Number(m[2]) });
}

function checkTime(t: ClockTime): ClockTime {
  const ok = Number.isInteger(t.hour) && Number.isInteger(t.minute) && t.hour >= 0 && t.hour < 24 && t.minute >= 0 && t.minute < 60;
  if (!ok) throw new RangeError(`not a clock time: ${t.hour}:${t.minute}`);
  return t;
}

function zhPeriod(hour: number): PromptId {
  if (hour < 6) return 'time.dawn';
  if (hour < 12) return 'time.morning';
  if (hour === 12) return 'time.noon';
  if (hour < 18) return 'time.afternoon';
  return 'time.evening';
}

export function readTime(time: ClockTime | string, lang: Lang): SpeechToken[] {
  const t = typeof time === 'string' ? parseClockTime(time) : checkTime(time);
  const ids: PromptId[] = [];
  if (lang === 'zh') {
    const hour12 = t.hour <= 12 ? t.hour : t.hour - 12;
    ids.push(zhPeriod(t.hour), ...zhIntegerIds(BigInt(hour12), 'liang'), 'time.hour');
    if (t.minute === 0) ids.push('time.sharp');
    else {
      if (t.minute < 10) ids.push('num.0');
      ids.push(...zhIntegerIds(BigInt(t.minute), 'er'), 'time.minute');
    }
  } else {
    const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
    ids.push(...enIntegerIds(BigInt(hour12)));
    if (t.minute > 0 && t.minute < 10) ids.push('num.oh');
    if (t.minute > 0) ids.push(...enIntegerIds(BigInt(t.minute)));
    ids.push(t.hour < 12 ? 'time.am' : 'time.pm');
  }
  return tokens(ids, lang);
}

/**
 * A length of time in whole seconds: 90 -> 一分钟三十秒 / one minute thirty
 * seconds; 7200 -> 两小时 / two hours; 0 -> 零秒 / zero seconds. Parts that are
 * zero are not said. (For "expected wait about 3 minutes", round first.)
 */
export function readDuration(seconds: number, lang: Lang): SpeechToken[] {
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new RangeError(`Expected whole seconds of 0 or more but received ${seconds}`);
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ids: PromptId[] = [];
  if (h > 0) ids.push(...countIds(BigInt(h), 'hour', lang));
  if (m > 0) ids.push(...countIds(BigInt(m), 'minute', lang));
  if (s > 0 || ids.length === 0) ids.push(...countIds(BigInt(s), 'second', lang));
  return tokens(ids, lang);
}
