/**
 * From a node's prompt items to playable prompts: catalog ids (in the call's language, or the
 * one an item names) and readings of values (amounts, digits, dates, transactions, rates) made
 * by the reading engine (src/voice/readings) and the banking readings (src/ivr/banking).
 */
import { readTransactions } from '../banking/transaction-reading.js';
import { readExchangeQuote, readInterestRates } from '../banking/rate-reading.js';
import type { Transaction } from '../../gateway/core-banking.js';
import type { PromptRef } from '../../telephony/call-session.js';
import type { Lang } from '../../voice/prompts/index.js';
import {
  isKey,
  readAmountFen,
  readCount,
  readDate,
  readDigits,
  readDuration,
  readKey,
  readNumber,
  readOrdinal,
  readPercent,
  readTime,
  token,
  type SpeechToken,
} from '../../voice/readings/index.js';
import { evaluateRequired, FlowRuntimeError, type Scope } from './expressions.js';
import type { PromptItem, SayItem } from './flow-schema.js';

/** Prompt ids and speech tokens to files (PromptLibrary does this for calls). */
export interface PromptSource {
  prompt(id: string, lang: Lang): PromptRef;
  tokens(tokens: readonly SpeechToken[], lang: Lang): PromptRef[];
}

export function renderPrompts(items: readonly PromptItem[], scope: Scope, lang: Lang, source: PromptSource): PromptRef[] {
  const out: PromptRef[] = [];
  for (const item of items) {
    if (typeof item === 'string') out.push(source.prompt(item, lang));
    else if ('id' in item) out.push(source.prompt(item.id, item.lang));
    else out.push(...source.tokens(sayTokens(item, scope, lang), lang));
  }
  return out;
}

function numberOf(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new FlowRuntimeError(`${what}: expected a number, got ${typeof value}`);
  return n;
}

function arrayOf<T>(value: unknown, what: string): T[] {
  if (!Array.isArray(value)) throw new FlowRuntimeError(`${what}: expected a list`);
  return value as T[];
}

export function sayTokens(item: SayItem, scope: Scope, lang: Lang): SpeechToken[] {
  const what = `say ${item.say}`;
  const value = evaluateRequired(item.from, scope, what);
  switch (item.say) {
    case 'amount': {
      const fen = numberOf(value, what);
      return readAmountFen(item.absolute ? Math.abs(fen) : fen, lang, item.zheng ? { zheng: true } : {});
    }
    case 'number':
      return readNumber(numberOf(value, what), lang);
    case 'count':
      return readCount(numberOf(value, what), item.unit, lang);
    case 'ordinal':
      return readOrdinal(numberOf(value, what), lang, item.unit);
    case 'percent':
      return readPercent(typeof value === 'number' ? value : String(value), lang);
    case 'digits':
      return readDigits(String(value), lang, { sensitive: item.sensitive ?? true, ...(item.group !== undefined ? { group: item.group } : {}) });
    case 'last-digits':
      return readDigits(String(value).slice(-item.count), lang);
    case 'date':
      return readDate(String(value), lang, { ...(item.weekday !== undefined ? { weekday: item.weekday } : {}), ...(item.year !== undefined ? { year: item.year } : {}) });
    case 'time':
      return readTime(String(value), lang);
    case 'duration':
      return readDuration(numberOf(value, what), lang);
    case 'key': {
      const key = String(value);
      if (!isKey(key)) throw new FlowRuntimeError(`${what}: "${key}" is not a key`);
      return readKey(key, lang);
    }
    case 'transactions':
      return readTransactions(arrayOf<Transaction>(value, what), lang);
    case 'interest-rates':
      return readInterestRates(arrayOf(value, what), item.kind, lang);
    case 'exchange-rate': {
      const currency = String(evaluateRequired(item.currency, scope, `${what} currency`));
      // A currency the board does not quote: say the service is not available for it.
      return readExchangeQuote(arrayOf(value, what), currency, lang) ?? [token('service.unavailable', lang)];
    }
  }
}
