import test from 'ava';
import { Calendar } from '../../src/calendar/work-calendar.js';
import { QueueSelector } from '../../src/acd/queue-selector.js';

// 2024: 1 May (Wed) holiday; Sat 11 May a make-up working day (调休).
const calendar = new Calendar({ holidays: ['2024-05-01', '2024-05-02', '2024-05-03'], workingWeekendDays: ['2024-05-11'] });
/** Shanghai local time → ms. */
const at = (date: string, hhmm: string): number => Date.parse(`${date}T${hhmm}:00+08:00`);

const selector = new QueueSelector(
  {
    defaultQueueId: 'general',
    rules: [
      { id: 'vip-list', queueId: 'vip', priority: 10, callingNumber: { exact: ['13800000001', '13800000002'], prefix: [] } },
      { id: 'english-line', queueId: 'english', calledNumber: { exact: [], prefix: ['95566-8'] } },
      { id: 'shanghai-mobile', queueId: 'shanghai', callingNumber: { exact: [], prefix: ['021'] }, days: 'working' },
      { id: 'holiday', queueId: 'holiday-desk', days: 'holiday' },
      { id: 'night', queueId: 'night', timeOfDay: [{ from: '20:00', to: '08:00' }] },
      { id: 'weekend', queueId: 'weekend', days: 'non_working' },
      { id: 'disabled', queueId: 'never', enabled: false },
    ],
  },
  calendar,
);

const select = (callingNumber: string, calledNumber: string, when: number) =>
  selector.select({ callingNumber, calledNumber, at: when });

test('calling number: a VIP list routes to the VIP queue and raises priority', (t) => {
  t.deepEqual(select('13800000001', '95566', at('2024-05-06', '10:00')), { queueId: 'vip', ruleId: 'vip-list', priority: 10 });
  t.is(select('13800000003', '95566', at('2024-05-06', '10:00')).queueId, 'general');
});

test('called number: the English service number goes to the English queue', (t) => {
  t.is(select('13900000000', '95566-8', at('2024-05-06', '10:00')).queueId, 'english');
});

test('calling-number prefix on working days only', (t) => {
  t.is(select('02161234567', '95566', at('2024-05-06', '10:00')).queueId, 'shanghai'); // Monday
  t.is(select('02161234567', '95566', at('2024-05-11', '10:00')).queueId, 'shanghai'); // make-up Saturday
  t.is(select('02161234567', '95566', at('2024-05-12', '10:00')).queueId, 'weekend'); // Sunday
});

test('holidays come from the calendar', (t) => {
  t.deepEqual(select('13900000000', '95566', at('2024-05-01', '10:00')), { queueId: 'holiday-desk', ruleId: 'holiday', priority: undefined });
  t.is(select('13900000000', '95566', at('2024-05-04', '10:00')).queueId, 'weekend'); // Saturday, not a holiday
});

test('time of day, across midnight, in Shanghai time', (t) => {
  t.is(select('13900000000', '95566', at('2024-05-06', '19:59')).queueId, 'general');
  t.is(select('13900000000', '95566', at('2024-05-06', '20:00')).queueId, 'night');
  t.is(select('13900000000', '95566', at('2024-05-07', '07:59')).queueId, 'night');
  t.is(select('13900000000', '95566', at('2024-05-07', '08:00')).queueId, 'general');
});

test('weekdays restrict a rule; first matching rule wins; disabled rules never match', (t) => {
  const s = new QueueSelector(
    {
      defaultQueueId: 'general',
      rules: [
        { id: 'friday', queueId: 'friday', weekdays: [5] },
        { id: 'all', queueId: 'all' },
      ],
    },
    calendar,
  );
  t.is(s.select({ callingNumber: '', calledNumber: '', at: at('2024-05-10', '12:00') }).queueId, 'friday');
  t.is(s.select({ callingNumber: '', calledNumber: '', at: at('2024-05-09', '12:00') }).queueId, 'all');
  t.false(selector.queueIds().includes('never'));
});

test('invalid rules are refused', (t) => {
  t.throws(() => new QueueSelector({ defaultQueueId: 'g', rules: [{ id: 'x', queueId: 'q', timeOfDay: [{ from: '25:00', to: '08:00' }] }] }, calendar), {
    code: 'acd_invalid_config',
  } as never);
  t.throws(() => new QueueSelector({ defaultQueueId: 'g', rules: [{ id: 'x', queueId: 'q', callingNumber: { exact: [], prefix: [] } }] }, calendar), {
    code: 'acd_invalid_config',
  } as never);
});

test('the calendar reads local time in its own time zone', (t) => {
  const local = calendar.localTime(at('2024-05-06', '23:30'));
  t.deepEqual(local, { date: '2024-05-06', weekday: 1, minuteOfDay: 23 * 60 + 30, offsetMs: 8 * 3_600_000 });
  t.true(calendar.isWorkingDay('2024-05-11'));
  t.false(calendar.isWorkingDay('2024-05-12'));
  t.false(calendar.isWorkingDay('2024-05-02'));
});
