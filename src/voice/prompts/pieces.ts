// The words the reading engine (src/voice/readings) concatenates: digits, number
// units, currency, dates, times, measure words, key names, currencies.
// Each piece has both languages; some are used by one reader only (万 and 亿
// by the Mandarin reader, "million" and ordinals by the English one) and carry
// the nearest meaning in the other language so every id is complete.
// Generated pieces are trimmed of leading/trailing silence (see
// scripts/generate-prompts.ts) so that concatenation sounds continuous.

import { piece, silence } from './entry.js';

export const NUMBER_PIECES = [
  piece('num.0', '零', 'zero'),
  piece('num.1', '一', 'one'),
  piece('num.2', '二', 'two'),
  piece('num.3', '三', 'three'),
  piece('num.4', '四', 'four'),
  piece('num.5', '五', 'five'),
  piece('num.6', '六', 'six'),
  piece('num.7', '七', 'seven'),
  piece('num.8', '八', 'eight'),
  piece('num.9', '九', 'nine'),
  piece('num.10', '十', 'ten'),
  piece('num.11', '十一', 'eleven'),
  piece('num.12', '十二', 'twelve'),
  piece('num.13', '十三', 'thirteen'),
  piece('num.14', '十四', 'fourteen'),
  piece('num.15', '十五', 'fifteen'),
  piece('num.16', '十六', 'sixteen'),
  piece('num.17', '十七', 'seventeen'),
  piece('num.18', '十八', 'eighteen'),
  piece('num.19', '十九', 'nineteen'),
  piece('num.20', '二十', 'twenty'),
  piece('num.30', '三十', 'thirty'),
  piece('num.40', '四十', 'forty'),
  piece('num.50', '五十', 'fifty'),
  piece('num.60', '六十', 'sixty'),
  piece('num.70', '七十', 'seventy'),
  piece('num.80', '八十', 'eighty'),
  piece('num.90', '九十', 'ninety'),
  piece('num.hundred', '百', 'hundred'),
  piece('num.thousand', '千', 'thousand'),
  piece('num.wan', '万', 'ten thousand'),
  piece('num.million', '百万', 'million'),
  // 亿 = 10^8. Named "yi" after its pinyin; not to be confused with num.1 (一).
  piece('num.yi', '亿', 'hundred million'),
  piece('num.billion', '十亿', 'billion'),
  piece('num.trillion', '万亿', 'trillion'),
  // 两: a 2 that counts a unit (两元, 两千, 两万); see src/voice/readings/zh-numbers.ts.
  piece('num.liang', '两', 'two'),
  // 幺: how Mandarin reads the digit 1 in account, card and phone numbers.
  piece('num.yao', '幺', 'one'),
  piece('num.point', '点', 'point'),
  piece('num.minus', '负', 'minus'),
  piece('num.and', '和', 'and'),
  // English "oh" in times and years (three oh five, nineteen oh five).
  piece('num.oh', '零', 'oh'),
  piece('num.percent', '百分之', 'percent'),
  piece('num.ordinal', '第', 'number'),
] as const;

export const ORDINAL_PIECES = [
  piece('ord.1', '第一', 'first'),
  piece('ord.2', '第二', 'second'),
  piece('ord.3', '第三', 'third'),
  piece('ord.4', '第四', 'fourth'),
  piece('ord.5', '第五', 'fifth'),
  piece('ord.6', '第六', 'sixth'),
  piece('ord.7', '第七', 'seventh'),
  piece('ord.8', '第八', 'eighth'),
  piece('ord.9', '第九', 'ninth'),
  piece('ord.10', '第十', 'tenth'),
  piece('ord.11', '第十一', 'eleventh'),
  piece('ord.12', '第十二', 'twelfth'),
  piece('ord.13', '第十三', 'thirteenth'),
  piece('ord.14', '第十四', 'fourteenth'),
  piece('ord.15', '第十五', 'fifteenth'),
  piece('ord.16', '第十六', 'sixteenth'),
  piece('ord.17', '第十七', 'seventeenth'),
  piece('ord.18', '第十八', 'eighteenth'),
  piece('ord.19', '第十九', 'nineteenth'),
  piece('ord.20', '第二十', 'twentieth'),
  piece('ord.30', '第三十', 'thirtieth'),
  piece('ord.40', '第四十', 'fortieth'),
  piece('ord.50', '第五十', 'fiftieth'),
  piece('ord.60', '第六十', 'sixtieth'),
  piece('ord.70', '第七十', 'seventieth'),
  piece('ord.80', '第八十', 'eightieth'),
  piece('ord.90', '第九十', 'ninetieth'),
  piece('ord.hundred', '第一百', 'hundredth'),
  piece('ord.thousand', '第一千', 'thousandth'),
  piece('ord.million', '第一百万', 'millionth'),
  piece('ord.billion', '第十亿', 'billionth'),
  piece('ord.trillion', '第一万亿', 'trillionth'),
] as const;

export const CURRENCY_PIECES = [
  piece('cur.yuan', '元', 'yuan'),
  piece('cur.jiao', '角', 'jiao'),
  piece('cur.fen', '分', 'fen'),
  piece('cur.zheng', '整', 'exactly'),
] as const;

export const DATE_PIECES = [
  piece('date.year', '年', 'year'),
  piece('date.day', '日', 'day'),
  piece('month.1', '一月', 'January'),
  piece('month.2', '二月', 'February'),
  piece('month.3', '三月', 'March'),
  piece('month.4', '四月', 'April'),
  piece('month.5', '五月', 'May'),
  piece('month.6', '六月', 'June'),
  piece('month.7', '七月', 'July'),
  piece('month.8', '八月', 'August'),
  piece('month.9', '九月', 'September'),
  piece('month.10', '十月', 'October'),
  piece('month.11', '十一月', 'November'),
  piece('month.12', '十二月', 'December'),
  // ISO weekday numbers: 1 = Monday ... 7 = Sunday.
  piece('week.1', '星期一', 'Monday'),
  piece('week.2', '星期二', 'Tuesday'),
  piece('week.3', '星期三', 'Wednesday'),
  piece('week.4', '星期四', 'Thursday'),
  piece('week.5', '星期五', 'Friday'),
  piece('week.6', '星期六', 'Saturday'),
  piece('week.7', '星期日', 'Sunday'),
] as const;

export const TIME_PIECES = [
  piece('time.dawn', '凌晨', 'early morning'),
  piece('time.morning', '上午', 'morning'),
  piece('time.noon', '中午', 'noon'),
  piece('time.afternoon', '下午', 'afternoon'),
  piece('time.evening', '晚上', 'evening'),
  piece('time.hour', '点', "o'clock"),
  piece('time.minute', '分', 'minutes'),
  piece('time.sharp', '整', "o'clock"),
  piece('time.am', '上午', 'a.m.'),
  piece('time.pm', '下午', 'p.m.'),
] as const;

// Measure words. English needs singular and plural; Mandarin has one form,
// so the .pl ids carry the same Mandarin word.
export const UNIT_PIECES = [
  piece('unit.transaction', '笔', 'transaction'),
  piece('unit.transaction.pl', '笔', 'transactions'),
  piece('unit.hour', '小时', 'hour'),
  piece('unit.hour.pl', '小时', 'hours'),
  piece('unit.minute', '分钟', 'minute'),
  piece('unit.minute.pl', '分钟', 'minutes'),
  piece('unit.second', '秒', 'second'),
  piece('unit.second.pl', '秒', 'seconds'),
  piece('unit.day', '天', 'day'),
  piece('unit.day.pl', '天', 'days'),
  piece('unit.month', '个月', 'month'),
  piece('unit.month.pl', '个月', 'months'),
  piece('unit.year', '年', 'year'),
  piece('unit.year.pl', '年', 'years'),
  piece('unit.caller', '位', 'caller'),
  piece('unit.caller.pl', '位', 'callers'),
  piece('unit.attempt', '次', 'attempt'),
  piece('unit.attempt.pl', '次', 'attempts'),
  piece('unit.page', '页', 'page'),
  piece('unit.page.pl', '页', 'pages'),
] as const;

export const KEY_PIECES = [
  piece('key.star', '星号键', 'star'),
  piece('key.hash', '井号键', 'pound'),
  piece('key.a', 'A键', 'A'),
  piece('key.b', 'B键', 'B'),
  piece('key.c', 'C键', 'C'),
  piece('key.d', 'D键', 'D'),
] as const;

// Foreign currencies as Chinese banks quote them (per 100 units).
export const FX_PIECES = [
  piece('ccy.USD', '美元', 'US dollars'),
  piece('ccy.EUR', '欧元', 'euros'),
  piece('ccy.JPY', '日元', 'Japanese yen'),
  piece('ccy.HKD', '港币', 'Hong Kong dollars'),
  piece('ccy.GBP', '英镑', 'British pounds'),
  piece('ccy.AUD', '澳大利亚元', 'Australian dollars'),
  piece('ccy.CAD', '加拿大元', 'Canadian dollars'),
  piece('ccy.CHF', '瑞士法郎', 'Swiss francs'),
  piece('ccy.SGD', '新加坡元', 'Singapore dollars'),
  piece('fx.per', '每', 'per'),
  piece('fx.to_cny', '兑换人民币', 'to'),
  piece('fx.buy', '现汇买入价', 'buying rate'),
  piece('fx.sell', '现汇卖出价', 'selling rate'),
  piece('fx.middle', '中间价', 'middle rate'),
] as const;

export const PAUSE_PIECES = [
  // Between digit groups of long numbers (6222 0212 ...), so callers can follow.
  silence('pause.short', 300, '，', ','),
] as const;
