// Mandarin reading of amounts and numbers: 零 placement across 万/亿, 两 vs 二,
// 十 vs 一十, 角 and 分, negative and very large amounts.

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

const zh = (tokens: SpeechToken[]) => speechText(tokens, 'zh');

// [yuan as a decimal string, expected reading]
const AMOUNTS: ReadonlyArray<readonly [string, string]> = [
  // the examples of the task
  ['10005.30', '一万零五元三角'],
  ['0.07', '七分'],
  ['20000000', '两千万元'],
  ['2', '两元'],
  ['2.00', '两元'],
  ['12', '十二元'],
  ['10', '十元'],
  ['110', '一百一十元'],
  ['100000', '十万元'],
  ['100010', '十万零一十元'],
  ['1000001', '一百万零一元'],
  ['0', '零元'],
  ['3.05', '三元零五分'],
  ['3.50', '三元五角'],
  // zero and sign
  ['0.00', '零元'],
  ['-0.00', '零元'],
  ['-1234.50', '负一千二百三十四元五角'],
  ['-2', '负两元'],
  ['-0.07', '负七分'],
  // 两 or 二
  ['20', '二十元'],
  ['22', '二十二元'],
  ['200', '两百元'],
  ['202', '两百零二元'],
  ['1200', '一千二百元'],
  ['2000', '两千元'],
  ['2002', '两千零二元'],
  ['12000', '一万二千元'],
  ['22000', '两万二千元'],
  ['220000', '二十二万元'],
  ['200000000', '两亿元'],
  ['220000000', '两亿二千万元'],
  ['2000000000000', '两万亿元'],
  ['10002', '一万零二元'],
  // 角 and 分
  ['0.2', '两角'],
  ['0.02', '两分'],
  ['0.22', '两角二分'],
  ['2.22', '两元二角二分'],
  ['0.35', '三角五分'],
  ['10000.05', '一万元零五分'],
  ['10000.5', '一万元五角'],
  ['1.230', '一元二角三分'],
  // 十 at the start, 一十 inside
  ['15', '十五元'],
  ['115', '一百一十五元'],
  ['150000', '十五万元'],
  ['1000000000', '十亿元'],
  ['1000100000', '十亿零一十万元'],
  // 零 inside a section and across 万 / 亿
  ['101', '一百零一元'],
  ['1001', '一千零一元'],
  ['1010', '一千零一十元'],
  ['10001000', '一千万一千元'],
  ['100001000', '一亿零一千元'],
  ['100000001', '一亿零一元'],
  ['101000000', '一亿零一百万元'],
  ['110000000', '一亿一千万元'],
  ['100010001', '一亿零一万零一元'],
  ['1000000000001', '一万亿零一元'],
  ['100000000000', '一千亿元'],
  // very large
  ['9999999999999999.99', '九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九元九角九分'],
];

for (const [yuan, expected] of AMOUNTS) {
  test(`zh amount ${yuan} -> ${expected}`, (t) => {
    t.is(zh(readAmountYuan(yuan, 'zh')), expected);
  });
}

test('zh amounts in integer fen, as the core system reports them', (t) => {
  t.is(zh(readAmountFen(1000530, 'zh')), '一万零五元三角');
  t.is(zh(readAmountFen(7, 'zh')), '七分');
  t.is(zh(readAmountFen(2n, 'zh')), '两分');
  t.is(zh(readAmountFen(200, 'zh')), '两元');
  t.is(zh(readAmountFen(-5, 'zh')), '负五分');
  t.is(zh(readAmountFen(2_000_000_000, 'zh')), '两千万元');
});

test('zh 整 is said only when asked and only when there are no 分', (t) => {
  t.is(zh(readAmountYuan('2.00', 'zh', { zheng: true })), '两元整');
  t.is(zh(readAmountYuan('3.50', 'zh', { zheng: true })), '三元五角整');
  t.is(zh(readAmountYuan('3.05', 'zh', { zheng: true })), '三元零五分');
  t.is(zh(readAmountYuan('3.00', 'zh')), '三元');
});

test('amounts that cannot be read exactly are refused, not rounded', (t) => {
  t.throws(() => readAmountYuan('1.234', 'zh'), { instanceOf: RangeError });
  t.throws(() => readAmountYuan('12,000', 'zh'), { instanceOf: RangeError });
  t.throws(() => readAmountYuan('', 'zh'), { instanceOf: RangeError });
  t.throws(() => readAmountFen(1.5, 'zh'), { instanceOf: RangeError });
  t.throws(() => readAmountYuan('10000000000000000', 'zh'), { instanceOf: RangeError });
});

test('zh plain numbers say 二, counts say 两', (t) => {
  t.is(zh(readNumber(2, 'zh')), '二');
  t.is(zh(readNumber(200, 'zh')), '二百');
  t.is(zh(readNumber(2000, 'zh')), '二千');
  t.is(zh(readNumber(2, 'zh', { two: 'liang' })), '两');
  t.is(zh(readNumber(12, 'zh')), '十二');
  t.is(zh(readNumber(10, 'zh')), '十');
  t.is(zh(readNumber(0, 'zh')), '零');
  t.is(zh(readNumber(-3, 'zh')), '负三');
  t.is(zh(readNumber(100010, 'zh')), '十万零一十');
  t.is(zh(readCount(2, 'transaction', 'zh')), '两笔');
  t.is(zh(readCount(12, 'transaction', 'zh')), '十二笔');
  t.is(zh(readCount(20, 'minute', 'zh')), '二十分钟');
  t.is(zh(readCount(2, 'hour', 'zh')), '两小时');
  t.is(zh(readCount(2, 'attempt', 'zh')), '两次');
});

test('zh ordinals: 第一笔, 第二笔 (never 两)', (t) => {
  t.is(zh(readOrdinal(1, 'zh', 'transaction')), '第一笔');
  t.is(zh(readOrdinal(2, 'zh', 'transaction')), '第二笔');
  t.is(zh(readOrdinal(10, 'zh', 'transaction')), '第十笔');
  t.is(zh(readOrdinal(12, 'zh')), '第十二');
  t.is(zh(readOrdinal(100, 'zh', 'transaction')), '第一百笔');
  t.throws(() => readOrdinal(0, 'zh'), { instanceOf: RangeError });
});

test('zh decimals: 点 then digits, trailing zeros dropped', (t) => {
  t.is(zh(readDecimal('1.5', 'zh')), '一点五');
  t.is(zh(readDecimal('0.35', 'zh')), '零点三五');
  t.is(zh(readDecimal('2.5', 'zh')), '二点五');
  t.is(zh(readDecimal('10.05', 'zh')), '十点零五');
  t.is(zh(readDecimal('3.10', 'zh')), '三点一');
  t.is(zh(readDecimal('-0.5', 'zh')), '负零点五');
  t.is(zh(readDecimal(12, 'zh')), '十二');
});

test('zh tokens carry the piece ids the files are named after', (t) => {
  t.deepEqual(
    readAmountYuan('10005.30', 'zh').map((x) => x.id),
    ['num.1', 'num.wan', 'num.0', 'num.5', 'cur.yuan', 'num.3', 'cur.jiao'],
  );
  t.deepEqual(
    readAmountYuan('2', 'zh').map((x) => x.id),
    ['num.liang', 'cur.yuan'],
  );
});
