/**
 * Reading a list of core transactions to a caller, one after another:
 *
 *   第一笔，于二零二六年三月一日，存入三百元，余额五千元， ...
 *   first transaction, on March first twenty twenty-six, deposit of three hundred yuan, balance ...
 *
 * The list is read in the order given: the core returns recent transactions newest first and
 * transactions from a date oldest first, as the seed asks (1.5: 从后往前 / 从前往后).
 */
import type { Transaction } from '../../gateway/core-banking.js';
import type { PromptId } from '../../voice/prompts/index.js';
import { readAmountFen, readDate, readOrdinal, token, type SpeechToken } from '../../voice/readings/index.js';
import type { Lang } from '../../voice/prompts/index.js';

/** The prompt that names what a transaction was, from its sign, channel and summary. */
export function transactionKind(tx: Pick<Transaction, 'amount' | 'channel' | 'summary'>): PromptId {
  const credit = tx.amount >= 0;
  if (tx.channel === 'interest') return credit ? 'result.tx.interest' : 'result.tx.fee';
  if (tx.channel === 'payment') return credit ? 'result.tx.deposit' : 'result.tx.payment';
  if (tx.channel === 'transfer' || tx.summary.includes('转账')) return credit ? 'result.tx.transfer_in' : 'result.tx.transfer_out';
  if (tx.summary.includes('手续费')) return 'result.tx.fee';
  return credit ? 'result.tx.deposit' : 'result.tx.withdrawal';
}

export function readTransaction(tx: Transaction, index: number, lang: Lang): SpeechToken[] {
  return [
    ...readOrdinal(index + 1, lang, 'transaction'),
    token('pause.short', lang),
    token('result.tx.on', lang),
    ...readDate(tx.date, lang),
    token('pause.short', lang),
    token(transactionKind(tx), lang),
    ...readAmountFen(Math.abs(tx.amount), lang),
    token('pause.short', lang),
    token('result.tx.balance_after', lang),
    ...readAmountFen(tx.balanceAfter, lang),
  ];
}

export function readTransactions(list: readonly Transaction[], lang: Lang): SpeechToken[] {
  const out: SpeechToken[] = [];
  list.forEach((tx, i) => {
    if (i > 0) out.push(token('pause.short', lang));
    out.push(...readTransaction(tx, i, lang));
  });
  return out;
}
