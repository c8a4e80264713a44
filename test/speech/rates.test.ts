// Percentages, interest rates and exchange rates.

import test from 'ava';
import { token } from '../../src/voice/readings/tokens.js';
import { readExchangeRate, readPercent, speechText, type SpeechToken } from '../../src/voice/readings/index.js';

const zh = (tokens: SpeechToken[]) => speechText(tokens, 'zh');
const en = (tokens: SpeechToken[]) => speechText(tokens, 'en');

test('percentages', (t) => {
  t.is(zh(readPercent('1.5', 'zh')), '百分之一点五');
  t.is(en(readPercent('1.5', 'en')), 'one point five percent');
  t.is(zh(readPercent('1.50', 'zh')), '百分之一点五');
  t.is(zh(readPercent('0.35', 'zh')), '百分之零点三五');
  t.is(zh(readPercent(2, 'zh')), '百分之二');
  t.is(zh(readPercent('100', 'zh')), '百分之一百');
  t.is(zh(readPercent('-0.1', 'zh')), '负百分之零点一');
  t.is(en(readPercent('-0.1', 'en')), 'minus zero point one percent');
  t.throws(() => readPercent('1.5%', 'zh'), { instanceOf: RangeError });
});

test('annual interest rate: 年利率百分之一点五', (t) => {
  t.is(zh([token('rate.annual', 'zh'), ...readPercent('1.5', 'zh')]), '年利率百分之一点五');
  t.is(en([token('rate.annual', 'en'), ...readPercent('1.5', 'en')]), 'annual interest rate one point five percent');
});

test('exchange rates are read per 100 units of the foreign currency', (t) => {
  t.is(zh(readExchangeRate({ currency: 'USD', cnyPer100: '710.23' }, 'zh')), '每一百美元兑换人民币七百一十点二三元');
  t.is(
    zh(readExchangeRate({ currency: 'USD', cnyPer100: '710.2300', side: 'buy' }, 'zh')),
    '现汇买入价每一百美元兑换人民币七百一十点二三元',
  );
  t.is(zh(readExchangeRate({ currency: 'JPY', cnyPer100: '4.8765' }, 'zh')), '每一百日元兑换人民币四点八七六五元');
  t.is(zh(readExchangeRate({ currency: 'HKD', cnyPer100: 91 }, 'zh')), '每一百港币兑换人民币九十一元');
  t.is(
    en(readExchangeRate({ currency: 'USD', cnyPer100: '710.23' }, 'en')),
    'one hundred US dollars to seven hundred and ten point two three yuan',
  );
  t.is(
    en(readExchangeRate({ currency: 'EUR', cnyPer100: '780.5', side: 'sell' }, 'en')),
    'selling rate one hundred euros to seven hundred and eighty point five yuan',
  );
  t.throws(() => readExchangeRate({ currency: 'USD', cnyPer100: '-1' }, 'zh'), { instanceOf: RangeError });
});
