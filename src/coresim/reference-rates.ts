/** The simulator's interest and exchange rate boards (illustrative figures, not advice). */
import type { z } from 'zod';
import type { ExchangeRate, InterestRate } from '../gateway/core-banking.js';

/** Annual rates in parts per million (1.35% = 13500). */
export const interestRates: z.infer<typeof InterestRate>[] = [
  { code: 'DEMAND', name: '活期存款', termMonths: 0, annualRatePpm: 1000 },
  { code: 'FIX3M', name: '整存整取三个月', termMonths: 3, annualRatePpm: 8000 },
  { code: 'FIX6M', name: '整存整取半年', termMonths: 6, annualRatePpm: 10000 },
  { code: 'FIX1Y', name: '整存整取一年', termMonths: 12, annualRatePpm: 11000 },
  { code: 'FIX2Y', name: '整存整取二年', termMonths: 24, annualRatePpm: 12000 },
  { code: 'FIX3Y', name: '整存整取三年', termMonths: 36, annualRatePpm: 15000 },
  { code: 'FIX5Y', name: '整存整取五年', termMonths: 60, annualRatePpm: 15500 },
  { code: 'SAVE1Y', name: '零存整取一年', termMonths: 12, annualRatePpm: 8000 },
  { code: 'NOTICE7D', name: '七天通知存款', termMonths: 0, annualRatePpm: 4500 },
  { code: 'LPR1Y', name: '贷款市场报价利率一年期', termMonths: 12, annualRatePpm: 30000 },
  { code: 'LPR5Y', name: '贷款市场报价利率五年期以上', termMonths: 60, annualRatePpm: 35000 },
];

/** CNY per 100 units, scaled by 10^4 (718.45 → 7184500). */
export const exchangeRates: z.infer<typeof ExchangeRate>[] = [
  { currency: 'USD', name: '美元', spotBuy: 7171200, spotSell: 7201400, cashBuy: 7113000, cashSell: 7201400 },
  { currency: 'EUR', name: '欧元', spotBuy: 8158300, spotSell: 8218400, cashBuy: 7904800, cashSell: 8245200 },
  { currency: 'JPY', name: '日元', spotBuy: 47512, spotSell: 47861, cashBuy: 46036, cashSell: 47861 },
  { currency: 'HKD', name: '港币', spotBuy: 918700, spotSell: 922400, cashBuy: 914100, cashSell: 922400 },
  { currency: 'GBP', name: '英镑', spotBuy: 9563200, spotSell: 9633600, cashBuy: 9266000, cashSell: 9676200 },
  { currency: 'AUD', name: '澳大利亚元', spotBuy: 4687900, spotSell: 4722400, cashBuy: 4542200, cashSell: 4743200 },
];
