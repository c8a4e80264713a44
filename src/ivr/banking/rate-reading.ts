/**
 * Reading the bank's rate boards (from the core's interestRates / exchangeRates):
 *
 *   demand:  活期存款，年利率百分之零点一
 *   term:    整存整取定期存款， 三个月 年利率百分之零点八， 一年 年利率百分之一点一 ...
 *   loan:    贷款， 一年 年利率百分之三 ...
 *   fx:      现汇买入价每一百美元兑换人民币七百一十七点一二元，现汇卖出价 ...
 *
 * The core names rates with a code and a name but no kind, so the kind is recognised the way a
 * bank's board reads: loans by 贷款/LPR/LOAN, demand deposits by 活期/DEMAND, fixed-term
 * deposits by 整存整取/FIX with a term. Other products (notice deposits, savings plans) are
 * not read by these menus.
 */
import type { z } from 'zod';
import type { ExchangeRate, InterestRate } from '../../gateway/core-banking.js';
import type { Lang } from '../../voice/prompts/index.js';
import { isFxCurrency, readCount, readExchangeRate, readPercent, token, type SpeechToken } from '../../voice/readings/index.js';

type Rate = z.infer<typeof InterestRate>;
type Quote = z.infer<typeof ExchangeRate>;
export type RateKind = 'demand' | 'term' | 'loan';

export function rateKind(rate: Pick<Rate, 'code' | 'name' | 'termMonths'>): RateKind | undefined {
  const text = `${rate.code} ${rate.name}`;
  if (/贷款|LPR|LOAN/i.test(text)) return 'loan';
  if (rate.termMonths === 0 && /活期|DEMAND/i.test(text)) return 'demand';
  if (rate.termMonths > 0 && /整存整取|^FIX/i.test(text)) return 'term';
  return undefined;
}

/** 13500 ppm -> '1.35' (percent). */
export function ppmToPercent(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const fraction = String(ppm % 10_000).padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** A scaled rate (CNY per 100 units x 10^4) as a decimal string: 7171200 -> '717.12'. */
export function scaledToDecimal(value: number): string {
  const whole = Math.floor(value / 10_000);
  const fraction = String(value % 10_000).padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

function termTokens(months: number, lang: Lang): SpeechToken[] {
  return months % 12 === 0 ? readCount(months / 12, 'year', lang) : readCount(months, 'month', lang);
}

export function readInterestRates(rates: readonly Rate[], kind: RateKind, lang: Lang): SpeechToken[] {
  const chosen = rates.filter((r) => rateKind(r) === kind);
  const out: SpeechToken[] = [token(kind === 'demand' ? 'rate.demand' : kind === 'term' ? 'rate.term' : 'rate.loan', lang)];
  chosen.forEach((rate, i) => {
    if (i > 0) out.push(token('pause.short', lang));
    if (kind !== 'demand') out.push(...termTokens(rate.termMonths, lang));
    out.push(token('rate.annual', lang), ...readPercent(ppmToPercent(rate.annualRatePpm), lang));
  });
  return out;
}

/** Buying and selling rate of one currency, or undefined when the board does not quote it. */
export function readExchangeQuote(rates: readonly Quote[], currency: string, lang: Lang): SpeechToken[] | undefined {
  const quote = rates.find((r) => r.currency === currency);
  if (!quote || !isFxCurrency(currency)) return undefined;
  return [
    ...readExchangeRate({ currency, cnyPer100: scaledToDecimal(quote.spotBuy), side: 'buy' }, lang),
    token('pause.short', lang),
    ...readExchangeRate({ currency, cnyPer100: scaledToDecimal(quote.spotSell), side: 'sell' }, lang),
  ];
}
