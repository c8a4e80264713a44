/**
 * The calendar the IVR's open hours follow: the tenant's working-day calendar (the back office's
 * holidays and make-up working days, 调休, shared with the ACD's routing, through
 * `services.calendars`) together with the days in the tenant's IVR settings. A day is a holiday
 * if either says so and a make-up working day if either says so; the time zone and the weekend
 * are the IVR settings' own.
 */
import { Calendar, type WorkCalendar } from '../../calendar/work-calendar.js';
import type { TenantCalendarDays } from '../../calendar/tenant-calendars.js';
import type { IvrSettings } from './ivr-settings.js';

export function openHoursCalendar(settings: IvrSettings, tenant: TenantCalendarDays | undefined): WorkCalendar {
  const own = settings.calendar;
  return new Calendar({
    timeZone: own.timeZone,
    weekend: own.weekend,
    holidays: [...own.holidays, ...(tenant?.holidays ?? [])],
    workingWeekendDays: [...own.workingWeekendDays, ...(tenant?.workingDays ?? [])],
  });
}
