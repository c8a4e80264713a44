// Digit strings (account, card and phone numbers), masking of sensitive
// readings, and keypad keys.

import test from 'ava';
import { describeTokens, readDigits, readKey, speechText } from '../../src/voice/readings/index.js';

test('zh digit strings read 1 as 幺, 0 as 零, 2 as 二', (t) => {
  t.is(speechText(readDigits('6222021234567890', 'zh'), 'zh'), '六二二二零二幺二三四五六七八九零');
  t.is(speechText(readDigits('110', 'zh'), 'zh'), '幺幺零');
  t.is(speechText(readDigits('13800138000', 'zh'), 'zh'), '幺三八零零幺三八零零零');
  t.is(readDigits('1', 'zh')[0]?.id, 'num.yao');
});

test('en digit strings read one by one', (t) => {
  t.is(speechText(readDigits('95588', 'en'), 'en'), 'nine five five eight eight');
  t.is(speechText(readDigits('1020', 'en'), 'en'), 'one zero two zero');
});

test('grouping inserts a short pause between groups', (t) => {
  const tokens = readDigits('6222021234567890', 'zh', { group: 4 });
  t.is(speechText(tokens, 'zh'), '六二二二，零二幺二，三四五六，七八九零');
  t.is(tokens.filter((x) => x.id === 'pause.short').length, 3);
  t.is(speechText(readDigits('123456', 'en', { group: 4 }), 'en'), 'one two three four, five six');
});

test('sensitive digits are masked in text and in logged ids unless revealed', (t) => {
  const tokens = readDigits('6222021234567890', 'en', { sensitive: true, group: 4 });
  t.is(speechText(tokens, 'en'), '****, ****, ****, ****');
  t.is(speechText(tokens, 'en', { reveal: true }), 'six two two two, zero two one two, three four five six, seven eight nine zero');
  const logged = describeTokens(tokens);
  t.false(logged.some((x) => /^num\./.test(x.id)), 'no digit id reaches the log');
  t.false(JSON.stringify(logged).includes('six'));
  // The ids still name the right files for playback.
  t.is(tokens[0]?.id, 'num.6');
  t.is(speechText(readDigits('1234', 'zh', { sensitive: true }), 'zh'), '****');
});

test('digit strings must be digits', (t) => {
  t.throws(() => readDigits('12a4', 'zh'), { instanceOf: RangeError });
  t.throws(() => readDigits('', 'en'), { instanceOf: RangeError });
  t.throws(() => readDigits('1234', 'en', { group: -1 }), { instanceOf: RangeError });
});

test('keys for the line test: a single 1 is 一, not 幺', (t) => {
  t.is(speechText(readKey('1', 'zh'), 'zh'), '一');
  t.is(speechText(readKey('0', 'zh'), 'zh'), '零');
  t.is(speechText(readKey('*', 'zh'), 'zh'), '星号键');
  t.is(speechText(readKey('#', 'zh'), 'zh'), '井号键');
  t.is(speechText(readKey('#', 'en'), 'en'), 'pound');
  t.is(speechText(readKey('A', 'en'), 'en'), 'A');
});
