/**
 * Working days, holidays and local time for routing rules, the statistics window and report
 * intervals. Chinese banks follow the State Council holiday schedule, which moves working days
 * onto weekends (调休), so a calendar has both holidays and extra working days, as data the
 * back office edits each year. Time zone by default Asia/Shanghai (UTC+8, no summer time).
 */

export interface LocalTime {
  /** Local calendar date, YYYY-MM-DD. */
  readonly date: string;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  /** Minutes since local midnight. */
  readonly minuteOfDay: number;
  /** local − UTC, in ms, at that instant. */
  readonly offsetMs: number;
}

export interface WorkCalendar {
  readonly timeZone: string;
  localTime(at: number): LocalTime;
  isHoliday(date: string): boolean;
  /** A working day: not a holiday, and a weekday or a designated working weekend day. */
  isWorkingDay(date: string): boolean;
}

export interface CalendarData {
  timeZone?: string;
  /** Weekdays that are normally off; default Saturday and Sunday. */
  weekend?: readonly number[];
  holidays?: readonly string[];
  /** Weekend dates that are working days (调休上班). */
  workingWeekendDays?: readonly string[];
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export class Calendar implements WorkCalendar {
  readonly timeZone: string;
  private readonly weekend: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<string>;
  private readonly workingWeekendDays: ReadonlySet<string>;
  private readonly format: Intl.DateTimeFormat;

  constructor(data: CalendarData = {}) {
    this.timeZone = data.timeZone ?? 'Asia/Shanghai';
    this.weekend = new Set(data.weekend ?? [0, 6]);
    this.holidays = new Set(data.holidays ?? []);
    this.workingWeekendDays = new Set(data.workingWeekendDays ?? []);
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: this.timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  localTime(at: number): LocalTime {
    const parts: Record<string, string> = {};
    for (const part of this.format.formatToParts(at)) parts[part.type] = part.value;
    const year = Number(parts.year);
    const month = Number(parts.month);
    const day = Number(parts.day);
    const hour = Number(parts.hour);
    const minute = Number(parts.minute);
    const second = Number(parts.second);
    const wholeSecond = Math.floor(at / 1000) * 1000;
    return {
      date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
      minuteOfDay: hour * 60 + minute,
      offsetMs: Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond,
    };
  }

  isHoliday(date: string): boolean {
    return this.holidays.has(date);
  }

  isWorkingDay(date: string): boolean {
    if (this.holidays.has(date)) return false;
    if (this.workingWeekendDays.has(date)) return true;
    return !this.weekend.has(weekdayOf(date));
  }
}

/** Weekday of a YYYY-MM-DD date (the date itself, no time zone involved). */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
}

/** Start (ms) of the local interval of `minutes` containing `at`, aligned to local midnight. */
export function intervalStart(at: number, minutes: number, calendar: WorkCalendar): number {
  const offset = calendar.localTime(at).offsetMs;
  const size = minutes * 60_000;
  return Math.floor((at + offset) / size) * size - offset;
}

/** The first instant after `at` when local time is `hour`:00 (e.g. the daily statistics reset). */
export function nextLocalHour(at: number, hour: number, calendar: WorkCalendar): number {
  const offset = calendar.localTime(at).offsetMs;
  const day = 86_400_000;
  const localMidnight = Math.floor((at + offset) / day) * day - offset;
  let next = localMidnight + hour * 3_600_000;
  while (next <= at) next += day;
  return next;
}

/** Start of the statistics window containing `at` (the latest local `hour`:00 not after it). */
export function windowStart(at: number, hour: number, calendar: WorkCalendar): number {
  return nextLocalHour(at, hour, calendar) - 86_400_000;
}
