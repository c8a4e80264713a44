/**
 * The calendar the IVR's open hours follow: the tenant's working-day calendar (the back office's
 * holidays and make-up working days, 调休, shared with the ACD's routing) together with the days
 * in the tenant's IVR settings. A day is a holiday if either says so and a make-up working day if
 * either says so; the time zone and the weekend are the IVR settings' own.
 */
import type { Knex } from 'knex';
import { Calendar, type WorkCalendar } from '../../acd/calendar.js';
import { tenantCalendars } from '../../acd/store/calendar-cache.js';
import type { IvrSettings } from './ivr-settings.js';

export async function openHoursCalendar(db: Knex, tenantId: string, settings: IvrSettings): Promise<WorkCalendar> {
  const own = settings.calendar;
  const tenant = await tenantCalendars.get(db, tenantId);
  return new Calendar({
    timeZone: own.timeZone,
    weekend: own.weekend,
    holidays: [...own.holidays, ...tenant.holidays.map((d) => d.date)],
    workingWeekendDays: [...own.workingWeekendDays, ...tenant.workingDays.map((d) => d.date)],
  });
}
