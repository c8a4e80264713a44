// The reading engine: values -> speech tokens (prompt ids + text), Mandarin
// and English. Pure and synchronous. See each module for the reading rules.

export { describeTokens, markSensitive, speechText, token, tokens } from './tokens.js';
export type { LoggedToken, SpeechToken, TextOptions } from './tokens.js';
export { MAX_AMOUNT_FEN, parseYuan, readAmountFen, readAmountYuan } from './amount.js';
export type { AmountOptions } from './amount.js';
export {
  isKey,
  readCount,
  readDecimal,
  readDigits,
  readKey,
  readNumber,
  readOrdinal,
  readPercent,
} from './numbers.js';
export type { CountUnit, DigitsOptions, Key } from './numbers.js';
export { isValidDate, isoWeekday, parseCalendarDate, parseClockTime, readDate, readDuration, readTime } from './datetime.js';
export type { CalendarDate, ClockTime, DateOptions } from './datetime.js';
export { FX_CURRENCIES, isFxCurrency, readExchangeRate } from './exchange-rate.js';
export type { ExchangeQuote, FxCurrency, FxSide } from './exchange-rate.js';
export { parseDecimal } from './decimal.js';
export type { TwoStyle } from './zh-numbers.js';
