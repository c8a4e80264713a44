/**
 * Calling hours on the tenant calendar: windows in Beijing time, holidays never dialled, a
 * make-up working day (调休) dialled in the working-day windows, the next opening found across
 * a holiday week.
 */
import test from 'ava';
import { Calendar } from '../../src/calendar/work-calendar.js';
import { DEFAULT_TIME_WINDOWS } from '../../src/outbound/campaign-settings.js';
import { CallingHours } from '../../src/outbound/dialler/calling-hours.js';

/** Beijing local time as epoch ms. */
const bj = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);
const holidays = ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'];
const makeUp = ['2024-10-12'];
const hours = new CallingHours(DEFAULT_TIME_WINDOWS, new Calendar({ holidays, workingWeekendDays: makeUp }), new Set(makeUp));

test('inside and outside the default windows on a working day', (t) => {
  t.false(hours.isOpen(bj('2024-10-08', '08:59')));
  t.true(hours.isOpen(bj('2024-10-08', '09:00')));
  t.true(hours.isOpen(bj('2024-10-08', '11:59')));
  t.false(hours.isOpen(bj('2024-10-08', '12:30')), 'the lunch break');
  t.true(hours.isOpen(bj('2024-10-08', '14:00')));
  t.false(hours.isOpen(bj('2024-10-08', '18:00')), 'a window ends at its end');
  t.is(hours.today(bj('2024-10-08', '00:30')), '2024-10-08', 'the tenant-local day, not UTC');
});

test('holidays are never dialled; a make-up Saturday is; an ordinary Saturday is not', (t) => {
  t.false(hours.isOpen(bj('2024-10-02', '10:00')), 'a Wednesday holiday');
  t.true(hours.isOpen(bj('2024-10-12', '10:00')), '调休: Saturday 12 October is worked');
  t.false(hours.isOpen(bj('2024-10-19', '10:00')), 'an ordinary Saturday');
});

test('the next opening skips the holidays and the weekend', (t) => {
  t.is(hours.nextOpening(bj('2024-09-30', '18:30')), bj('2024-10-08', '09:00'), 'Monday evening before the National Day week: Tuesday the 8th');
  t.is(hours.nextOpening(bj('2024-10-08', '12:10')), bj('2024-10-08', '14:00'), 'after lunch');
  t.is(hours.nextOpening(bj('2024-10-11', '18:10')), bj('2024-10-12', '09:00'), 'Friday evening: the make-up Saturday');
});
