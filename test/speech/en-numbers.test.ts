// English reading of amounts, numbers, ordinals, decimals and years.

import test from 'ava';
import {
  readAmountFen,
  readAmountYuan,
  readCount,
  readDecimal,
  readNumber,
  readOrdinal,
  speechText,
  type SpeechToken,
} from '../../src/voice/readings/index.js';

const en = (tokens: SpeechToken[]) => speechText(tokens, 'en');

const AMOUNTS: ReadonlyArray<readonly [string, string]> = [
  ['10005.30', 'ten thousand and five yuan thirty fen'],
  ['0.07', 'seven fen'],
  ['0.01', 'one fen'],
  ['1', 'one yuan'],
  ['2', 'two yuan'],
  ['0', 'zero yuan'],
  ['21', 'twenty-one yuan'],
  ['110', 'one hundred and ten yuan'],
  ['100000', 'one hundred thousand yuan'],
  ['1000001', 'one million and one yuan'],
  ['20000000', 'twenty million yuan'],
  ['1000000000', 'one billion yuan'],
  ['3.05', 'three yuan five fen'],
  ['3.50', 'three yuan fifty fen'],
  ['999.99', 'nine hundred and ninety-nine yuan ninety-nine fen'],
  ['-12.50', 'minus twelve yuan fifty fen'],
  ['1234567.89', 'one million two hundred and thirty-four thousand five hundred and sixty-seven yuan eighty-nine fen'],
];

for (const [yuan, expected] of AMOUNTS) {
  test(`en amount ${yuan} -> ${expected}`, (t) => {
    t.is(en(readAmountYuan(yuan, 'en')), expected);
  });
}

test('en amounts in fen; 整 is not said in English', (t) => {
  t.is(en(readAmountFen(1000530, 'en')), 'ten thousand and five yuan thirty fen');
  t.is(en(readAmountFen(200, 'en', { zheng: true })), 'two yuan');
});

test('en cardinals use "and" before the last part below a hundred', (t) => {
  t.is(en(readNumber(0, 'en')), 'zero');
  t.is(en(readNumber(15, 'en')), 'fifteen');
  t.is(en(readNumber(40, 'en')), 'forty');
  t.is(en(readNumber(101, 'en')), 'one hundred and one');
  t.is(en(readNumber(1005, 'en')), 'one thousand and five');
  t.is(en(readNumber(1100, 'en')), 'one thousand one hundred');
  t.is(en(readNumber(100001000, 'en')), 'one hundred million one thousand');
  t.is(en(readNumber(-7, 'en')), 'minus seven');
  t.is(en(readNumber(10n ** 12n, 'en')), 'one trillion');
});

const ORDINALS: ReadonlyArray<readonly [number, string]> = [
  [1, 'first'],
  [2, 'second'],
  [3, 'third'],
  [11, 'eleventh'],
  [12, 'twelfth'],
  [20, 'twentieth'],
  [21, 'twenty-first'],
  [22, 'twenty-second'],
  [100, 'one hundredth'],
  [101, 'one hundred and first'],
  [1000, 'one thousandth'],
];

for (const [n, expected] of ORDINALS) {
  test(`en ordinal ${n} -> ${expected}`, (t) => {
    t.is(en(readOrdinal(n, 'en')), expected);
  });
}

test('en ordinal with a measure word, counts with singular and plural', (t) => {
  t.is(en(readOrdinal(1, 'en', 'transaction')), 'first transaction');
  t.is(en(readCount(1, 'transaction', 'en')), 'one transaction');
  t.is(en(readCount(3, 'transaction', 'en')), 'three transactions');
  t.is(en(readCount(0, 'caller', 'en')), 'zero callers');
});

test('en decimals', (t) => {
  t.is(en(readDecimal('1.5', 'en')), 'one point five');
  t.is(en(readDecimal('0.05', 'en')), 'zero point zero five');
  t.is(en(readDecimal('710.2300', 'en')), 'seven hundred and ten point two three');
});
