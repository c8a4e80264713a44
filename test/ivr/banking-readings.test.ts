/**
 * Banking readings and keyed input: transactions, interest and exchange rates as callers hear
 * them, and what callers key turned into what the core expects.
 */
import test from 'ava';
import { readTransaction, transactionKind } from '../../src/ivr/banking/transaction-reading.js';
import { ppmToPercent, rateKind, readExchangeQuote, readInterestRates, scaledToDecimal } from '../../src/ivr/banking/rate-reading.js';
import { parseKeyedAmount, parseKeyedDate, parseKeyedIdNumber, parseKeyedYuan } from '../../src/ivr/banking/keyed-input.js';
import { speechText } from '../../src/voice/readings/index.js';
import { exchangeRates, interestRates } from '../../src/coresim/reference-rates.js';

const tx = { date: '2026-02-26', time: '10:15:00', amount: 111169, balanceAfter: 520000, summary: '工资', channel: 'transfer' as const };

test('a transaction: ordinal, date, what it was, amount, balance after', (t) => {
  t.is(speechText(readTransaction(tx, 0, 'zh'), 'zh'), '第一笔，于二零二六年二月二十六日，转入一千一百一十一元六角九分，余额五千二百元');
  t.is(
    speechText(readTransaction({ ...tx, amount: -2000, channel: 'atm', summary: 'ATM取款' }, 1, 'en'), 'en'),
    'second transaction, on February twenty-sixth twenty twenty-six, withdrawal of twenty yuan, balance five thousand two hundred yuan',
  );
});

test('what a transaction was, from its sign, channel and summary', (t) => {
  const kind = (amount: number, channel: string, summary = '') => transactionKind({ amount, channel: channel as 'atm', summary });
  t.is(kind(100, 'counter'), 'result.tx.deposit');
  t.is(kind(-100, 'pos'), 'result.tx.withdrawal');
  t.is(kind(-100, 'phone', '转账支出'), 'result.tx.transfer_out');
  t.is(kind(100, 'transfer'), 'result.tx.transfer_in');
  t.is(kind(-100, 'payment'), 'result.tx.payment');
  t.is(kind(5, 'interest'), 'result.tx.interest');
  t.is(kind(-5, 'counter', '短信手续费'), 'result.tx.fee');
});

test('interest rates by kind, as a bank board reads', (t) => {
  t.deepEqual(interestRates.map(rateKind), ['demand', 'term', 'term', 'term', 'term', 'term', 'term', undefined, undefined, 'loan', 'loan']);
  t.is(ppmToPercent(13500), '1.35');
  t.is(ppmToPercent(1000), '0.1');
  t.is(ppmToPercent(30000), '3');
  t.is(speechText(readInterestRates(interestRates, 'demand', 'zh'), 'zh'), '活期存款，年利率百分之零点一');
  t.true(speechText(readInterestRates(interestRates, 'term', 'zh'), 'zh').startsWith('整存整取定期存款，三个月年利率百分之零点八，六个月年利率百分之一，一年年利率百分之一点一，两年年利率百分之一点二'));
  t.is(speechText(readInterestRates(interestRates, 'loan', 'zh'), 'zh'), '贷款，一年年利率百分之三，五年年利率百分之三点五');
});

test('an exchange rate: buying and selling per 100 units; a currency not quoted reads nothing', (t) => {
  t.is(scaledToDecimal(7171200), '717.12');
  t.is(scaledToDecimal(47512), '4.7512');
  t.is(
    speechText(readExchangeQuote(exchangeRates, 'JPY', 'zh')!, 'zh'),
    '现汇买入价每一百日元兑换人民币四点七五一二元，现汇卖出价每一百日元兑换人民币四点七八六一元',
  );
  t.is(readExchangeQuote(exchangeRates, 'CHF', 'zh'), undefined);
});

test('keyed amounts, dates and ID numbers', (t) => {
  t.is(parseKeyedAmount('12000'), 1_200_000);
  t.is(parseKeyedAmount('1234*5'), 123_450);
  t.is(parseKeyedAmount('0*07'), 7);
  t.is(parseKeyedAmount('12*'), 1200);
  t.is(parseKeyedAmount('1*234'), undefined, 'more than two decimals');
  t.is(parseKeyedAmount('1**2'), undefined);
  t.is(parseKeyedAmount('0'), undefined, 'nothing to move');
  t.is(parseKeyedYuan('50'), 5000);
  t.is(parseKeyedYuan('5*5'), undefined);
  t.is(parseKeyedDate('20260105', '2026-03-02'), '2026-01-05');
  t.is(parseKeyedDate('20260302', '2026-03-02'), '2026-03-02');
  t.is(parseKeyedDate('20260303', '2026-03-02'), undefined, 'not after today');
  t.is(parseKeyedDate('20250229', '2026-03-02'), undefined, 'no such day');
  t.is(parseKeyedDate('2026010', '2026-03-02'), undefined);
  t.is(parseKeyedIdNumber('31010119920515567*'), '31010119920515567X');
  t.is(parseKeyedIdNumber('110101198001011234'), '110101198001011234');
  t.is(parseKeyedIdNumber('1*1'), undefined);
});
