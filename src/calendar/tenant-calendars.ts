/**
 * The tenant's working-day calendar as the back office keeps it (holidays and make-up working
 * days, 调休), for code that is not its owner: the ACD keeps it with its configuration and sets
 * `services.calendars`; the IVR's open hours read it through this port. Absent when no module
 * keeps tenant calendars.
 */

/** A tenant's own days, as local dates (YYYY-MM-DD). */
export interface TenantCalendarDays {
  readonly holidays: readonly string[];
  /** Weekend dates that are working days. */
  readonly workingDays: readonly string[];
  /** The tenant's time zone (IANA name) its dates and times are in; absent: Asia/Shanghai. */
  readonly timeZone?: string;
  /** Weekdays normally off (0 Sunday … 6 Saturday); absent: Saturday and Sunday. */
  readonly weekend?: readonly number[];
}

export interface TenantCalendarPort {
  /** Answers quickly (cached) and keeps answering when the store is away. */
  days(tenantId: string): Promise<TenantCalendarDays>;
}

declare module '../services.js' {
  interface AppServices {
    calendars?: TenantCalendarPort;
  }
}
