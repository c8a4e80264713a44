/**
 * When a campaign may dial: inside one of its weekly time windows (tenant-local time) on a day
 * the tenant's calendar allows. A holiday is never dialled, whatever its weekday; a make-up
 * working day (调休, a Saturday or Sunday worked) is dialled in the windows the campaign keeps
 * for working days (those naming any of Monday to Friday).
 */
import type { WorkCalendar } from '../../calendar/work-calendar.js';
import type { TimeWindow } from '../campaign-settings.js';

const WORKDAYS = [1, 2, 3, 4, 5];

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The windows that apply on a local date, as [from, to) minutes of the day. */
function windowsOn(windows: readonly TimeWindow[], calendar: WorkCalendar, date: string, weekday: number, makeUpDays: ReadonlySet<string>): Array<[number, number]> {
  if (calendar.isHoliday(date)) return [];
  const isoDay = weekday === 0 ? 7 : weekday;
  const makeUp = makeUpDays.has(date);
  return windows.filter((w) => (makeUp ? w.days.some((d) => WORKDAYS.includes(d)) : w.days.includes(isoDay))).map((w) => [minutesOf(w.from), minutesOf(w.to)]);
}

export class CallingHours {
  constructor(
    private readonly windows: readonly TimeWindow[],
    private readonly calendar: WorkCalendar,
    /** The tenant's make-up working days (YYYY-MM-DD). */
    private readonly makeUpDays: ReadonlySet<string>,
  ) {}

  /** The tenant-local date at `at` (the day attempts are counted on). */
  today(at: number): string {
    return this.calendar.localTime(at).date;
  }

  isOpen(at: number): boolean {
    const local = this.calendar.localTime(at);
    return windowsOn(this.windows, this.calendar, local.date, local.weekday, this.makeUpDays).some(([from, to]) => local.minuteOfDay >= from && local.minuteOfDay < to);
  }

  /** The next instant after `at` when a window opens, looking up to 60 days ahead; null if none. */
  nextOpening(at: number): number | null {
    const local = this.calendar.localTime(at);
    const midnight = at - local.minuteOfDay * 60_000 - (at % 60_000);
    for (let day = 0; day < 60; day++) {
      // Noon of each day gives its date and weekday whatever the offset does around midnight.
      const noon = this.calendar.localTime(midnight + day * 86_400_000 + 12 * 3_600_000);
      const dayStart = midnight + day * 86_400_000 + (noon.offsetMs - local.offsetMs);
      const starts = windowsOn(this.windows, this.calendar, noon.date, noon.weekday, this.makeUpDays)
        .map(([from]) => dayStart + from * 60_000)
        .filter((t) => t > at)
        .sort((a, b) => a - b);
      if (starts[0] !== undefined) return starts[0];
    }
    return null;
  }
}
