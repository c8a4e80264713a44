// Dates, weekdays, clock times and durations.

import test from 'ava';
import {
  isoWeekday,
  parseCalendarDate,
  readDate,
  readDuration,
  readTime,
  speechText,
  type SpeechToken,
} from '../../src/voice/readings/index.js';

const zh = (tokens: SpeechToken[]) => speechText(tokens, 'zh');
const en = (tokens: SpeechToken[]) => speechText(tokens, 'en');

test('zh dates: year digit by digit, month piece, day with 二, weekday', (t) => {
  t.is(zh(readDate('2026-11-22', 'zh', { weekday: true })), '二零二六年十一月二十二日星期日');
  t.is(zh(readDate('2026-11-22', 'zh')), '二零二六年十一月二十二日');
  t.is(zh(readDate('20260105', 'zh')), '二零二六年一月五日');
  t.is(zh(readDate({ year: 2019, month: 2, day: 2 }, 'zh')), '二零一九年二月二日');
  t.is(zh(readDate('2026-12-10', 'zh', { year: false })), '十二月十日');
  t.is(zh(readDate('2026-03-31', 'zh')), '二零二六年三月三十一日');
});

test('en dates: weekday, month, ordinal day, spoken year', (t) => {
  t.is(en(readDate('2026-11-22', 'en', { weekday: true })), 'Sunday November twenty-second twenty twenty-six');
  t.is(en(readDate('2026-01-05', 'en')), 'January fifth twenty twenty-six');
  t.is(en(readDate('2005-07-01', 'en')), 'July first two thousand and five');
  t.is(en(readDate('2000-02-29', 'en')), 'February twenty-ninth two thousand');
  t.is(en(readDate('1999-12-31', 'en')), 'December thirty-first nineteen ninety-nine');
  t.is(en(readDate('1905-03-03', 'en')), 'March third nineteen oh five');
  t.is(en(readDate('1900-03-03', 'en')), 'March third nineteen hundred');
  t.is(en(readDate('2010-10-10', 'en', { year: false })), 'October tenth');
});

test('weekdays are computed from the calendar date', (t) => {
  t.is(isoWeekday({ year: 2026, month: 11, day: 22 }), 7);
  t.is(isoWeekday({ year: 2026, month: 1, day: 5 }), 1);
  t.is(isoWeekday({ year: 2000, month: 2, day: 29 }), 2);
  t.is(isoWeekday({ year: 2024, month: 2, day: 29 }), 4);
  t.is(isoWeekday({ year: 1970, month: 1, day: 1 }), 4);
  t.is(zh(readDate('2024-02-29', 'zh', { weekday: true })), '二零二四年二月二十九日星期四');
});

test('impossible dates are refused', (t) => {
  t.throws(() => parseCalendarDate('2026-02-29'), { instanceOf: RangeError });
  t.throws(() => parseCalendarDate('1900-02-29'), { instanceOf: RangeError });
  t.throws(() => parseCalendarDate('2026-13-01'), { instanceOf: RangeError });
  t.throws(() => parseCalendarDate('2026-11-31'), { instanceOf: RangeError });
  t.throws(() => parseCalendarDate('26-11-22'), { instanceOf: RangeError });
  t.notThrows(() => parseCalendarDate('2000-02-29'));
});

const TIMES: ReadonlyArray<readonly [string, string, string]> = [
  ['15:05', '下午三点零五分', 'three oh five p.m.'],
  ['15:00', '下午三点整', 'three p.m.'],
  ['14:30', '下午两点三十分', 'two thirty p.m.'],
  ['00:10', '凌晨零点十分', 'twelve ten a.m.'],
  ['02:02', '凌晨两点零二分', 'two oh two a.m.'],
  ['09:15', '上午九点十五分', 'nine fifteen a.m.'],
  ['12:00', '中午十二点整', 'twelve p.m.'],
  ['12:45', '中午十二点四十五分', 'twelve forty-five p.m.'],
  ['20:20', '晚上八点二十分', 'eight twenty p.m.'],
  ['23:59', '晚上十一点五十九分', 'eleven fifty-nine p.m.'],
];

for (const [time, zhText, enText] of TIMES) {
  test(`time ${time} -> ${zhText} / ${enText}`, (t) => {
    t.is(zh(readTime(time, 'zh')), zhText);
    t.is(en(readTime(time, 'en')), enText);
  });
}

test('impossible times are refused', (t) => {
  t.throws(() => readTime('24:00', 'zh'), { instanceOf: RangeError });
  t.throws(() => readTime('12:60', 'en'), { instanceOf: RangeError });
  t.throws(() => readTime({ hour: 1.5, minute: 0 }, 'en'), { instanceOf: RangeError });
});

test('durations: parts that are zero are left out', (t) => {
  t.is(zh(readDuration(90, 'zh')), '一分钟三十秒');
  t.is(en(readDuration(90, 'en')), 'one minute thirty seconds');
  t.is(zh(readDuration(120, 'zh')), '两分钟');
  t.is(en(readDuration(120, 'en')), 'two minutes');
  t.is(zh(readDuration(7260, 'zh')), '两小时一分钟');
  t.is(en(readDuration(3600, 'en')), 'one hour');
  t.is(zh(readDuration(0, 'zh')), '零秒');
  t.is(en(readDuration(1, 'en')), 'one second');
  t.throws(() => readDuration(-1, 'zh'), { instanceOf: RangeError });
});
