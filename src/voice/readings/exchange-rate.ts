// Reading an exchange rate quote. Chinese banks publish foreign exchange
// rates as yuan per 100 units of the foreign currency (外汇牌价), with up to
// four decimals, so the quote is read as a decimal (点), not in 元角分:
//   zh: [现汇买入价] 每一百美元兑换人民币七百一十点二三元
//   en: [buying rate] one hundred US dollars to seven hundred and ten point two three yuan

import type { PromptId } from '../prompts/catalog.js';
import type { Lang } from '../prompts/entry.js';
import { parseDecimal, significantFraction } from './decimal.js';
import { enDigitIds, enIntegerIds } from './en-numbers.js';
import { tokens, type SpeechToken } from './tokens.js';
import { zhFractionIds, zhIntegerIds } from './zh-numbers.js';

export type FxCurrency = 'USD' | 'EUR' | 'JPY' | 'HKD' | 'GBP' | 'AUD' | 'CAD' | 'CHF' | 'SGD';
export type FxSide = 'buy' | 'sell' | 'middle';

const CURRENCY_ID: Record<FxCurrency, PromptId> = {
  USD: 'ccy.USD', EUR: 'ccy.EUR', JPY: 'ccy.JPY', HKD: 'ccy.HKD', GBP: 'ccy.GBP',
  AUD: 'ccy.AUD', CAD: 'ccy.CAD', CHF: 'ccy.CHF', SGD: 'ccy.SGD',
};
const SIDE_ID: Record<FxSide, PromptId> = { buy: 'fx.buy', sell: 'fx.sell', middle: 'fx.middle' };

export const FX_CURRENCIES = Object.keys(CURRENCY_ID) as FxCurrency[];

export function isFxCurrency(code: string): code is FxCurrency {
  return Object.hasOwn(CURRENCY_ID, code);
}

export interface ExchangeQuote {
  readonly currency: FxCurrency;
  /** Yuan per 100 units of the currency, e.g. '710.23'. */
  readonly cnyPer100: string | number;
  /** Which price: 现汇买入价 / 现汇卖出价 / 中间价. Omitted: just the rate. */
  readonly side?: FxSide;
}

export function readExchangeRate(quote: ExchangeQuote, lang: Lang): SpeechToken[] {
  const rate = parseDecimal(quote.cnyPer100, 'exchange rate');
  if (rate.negative) throw new RangeError('an exchange rate cannot be negative');
  const fraction = significantFraction(rate.fraction);
  const ids: PromptId[] = quote.side ? [SIDE_ID[quote.side]] : [];
  const currency = CURRENCY_ID[quote.currency];
  if (lang === 'zh') {
    ids.push('fx.per', ...zhIntegerIds(100n, 'er'), currency, 'fx.to_cny', ...zhIntegerIds(rate.integer, 'er'));
    if (fraction) ids.push('num.point', ...zhFractionIds(fraction));
  } else {
    ids.push(...enIntegerIds(100n), currency, 'fx.to_cny', ...enIntegerIds(rate.integer));
    if (fraction) ids.push('num.point', ...enDigitIds(fraction));
  }
  ids.push('cur.yuan');
  return tokens(ids, lang);
}
