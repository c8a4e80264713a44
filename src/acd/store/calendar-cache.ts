/**
 * Tenants' working-day calendars for code that reads them on every call (the IVR's open hours):
 * read from the store at most every few seconds, kept when the store is away (a call must not
 * wait on a database outage to know whether the bank is open), and replaced at once when the
 * back office saves a new calendar. Keyed by database, so that servers in one process (tests)
 * never share entries.
 */
import type { Knex } from 'knex';
import { acdConfigRepo } from './config-repo.js';
import { calendarSchema, type CalendarRecord } from './schemas.js';

const FRESH_MS = 5_000;
/** A first read that takes longer than this answers with an empty calendar (and keeps loading). */
const FIRST_READ_WAIT_MS = 2_000;

interface Entry {
  calendar: CalendarRecord;
  at: number;
  loading?: Promise<void> | undefined;
}

const byDatabase = new WeakMap<Knex, Map<string, Entry>>();

function entries(db: Knex): Map<string, Entry> {
  let map = byDatabase.get(db);
  if (!map) byDatabase.set(db, (map = new Map()));
  return map;
}

function load(db: Knex, tenantId: string, entry: Entry): Promise<void> {
  entry.loading ??= acdConfigRepo
    .calendar(db, tenantId)
    .then((calendar) => {
      entry.calendar = calendar;
      entry.at = Date.now();
    })
    .catch(() => undefined)
    .finally(() => {
      entry.loading = undefined;
    });
  return entry.loading;
}

export const tenantCalendars = {
  async get(db: Knex, tenantId: string): Promise<CalendarRecord> {
    const map = entries(db);
    let entry = map.get(tenantId);
    if (!entry) {
      entry = { calendar: calendarSchema.parse({}), at: 0 };
      map.set(tenantId, entry);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([load(db, tenantId, entry), new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_READ_WAIT_MS)))]);
      clearTimeout(timer);
      return entry.calendar;
    }
    if (Date.now() - entry.at > FRESH_MS) void load(db, tenantId, entry);
    return entry.calendar;
  },
  /** The calendar just saved: readers see it from the next call on. */
  put(db: Knex, tenantId: string, calendar: CalendarRecord): void {
    entries(db).set(tenantId, { calendar, at: Date.now() });
  },
};
