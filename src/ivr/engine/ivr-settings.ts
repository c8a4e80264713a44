/**
 * A bank's IVR settings (one row per tenant; defaults when there is none). Flows read them as
 * `$settings.*`; the engine uses the PIN limit, the calendar and the voicemail limits itself.
 */
import { z } from 'zod';
import { Calendar, type WorkCalendar } from '../../calendar/work-calendar.js';

const IsoDate = z.iso.date();
const TimeZone = z.string().min(1).max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not a known IANA time zone');

export const IvrSettings = z.strictObject({
  /** Seed 1.5: whether callers may change passwords by phone ("go to a counter or ATM" when off). */
  passwordChange: z.boolean().default(true),
  /** Wrong PINs/passwords in a row before the card or account is locked for telephone service. */
  pinMaxAttempts: z.int().min(1).max(10).default(3),
  languages: z
    .strictObject({
      /** For dial plan entries whose language the bank does not offer. */
      default: z.enum(['zh', 'en']).default('zh'),
      /** Offered in the language menu. */
      offered: z.array(z.enum(['zh', 'en'])).min(1).max(2).default(['zh', 'en']),
    })
    .prefault({}),
  /** Working days, holidays and the time zone of time-of-day routing. */
  calendar: z
    .strictObject({
      timeZone: TimeZone.default('Asia/Shanghai'),
      /** Days normally off: 0 = Sunday ... 6 = Saturday. */
      weekend: z.array(z.int().min(0).max(6)).max(7).default([0, 6]),
      holidays: z.array(IsoDate).max(400).default([]),
      /** Weekend days that are working days (调休上班). */
      workingWeekendDays: z.array(IsoDate).max(100).default([]),
    })
    .prefault({}),
  voicemail: z
    .strictObject({
      maxSeconds: z.int().min(10).max(600).default(120),
      /** Stop after this long without sound. */
      silenceSeconds: z.int().min(2).max(60).default(5),
      /** Shorter messages (or silence only) are not kept. */
      minSeconds: z.int().min(0).max(30).default(1),
    })
    .prefault({}),
});
export type IvrSettings = z.output<typeof IvrSettings>;
export type IvrSettingsInput = z.input<typeof IvrSettings>;

export const DEFAULT_IVR_SETTINGS: IvrSettings = IvrSettings.parse({});

export function calendarOf(settings: IvrSettings): WorkCalendar {
  const c = settings.calendar;
  return new Calendar({ timeZone: c.timeZone, weekend: c.weekend, holidays: c.holidays, workingWeekendDays: c.workingWeekendDays });
}
