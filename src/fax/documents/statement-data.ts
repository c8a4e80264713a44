/**
 * The data a faxed account statement is drawn from, and its validation. Amounts are
 * integers in minor units (fen for CNY) so no floating-point rounding ever reaches a
 * bank statement. The full account number comes in; only its masked form is drawn.
 */

import { z } from 'zod';
import { FaxDocumentError } from './errors.js';

/** The most transactions one faxed statement carries (requirements: "up to 100 entries"). */
export const MAX_STATEMENT_TRANSACTIONS = 100;

/** Larger than any real balance, small enough that formatting stays exact and fits its column. */
const MAX_MINOR_UNITS = 10 ** 15;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const minorUnits = z.number().int().min(-MAX_MINOR_UNITS).max(MAX_MINOR_UNITS);

const transactionSchema = z.strictObject({
  /** Booking date, YYYY-MM-DD. */
  date: isoDate,
  /** 摘要: free text from the core system; long text is cut with an ellipsis. */
  description: z.string().max(500),
  /** Minor units; negative is a debit (支出), positive a credit (存入). */
  amount: minorUnits,
  /** Balance after the transaction, minor units. */
  balance: minorUnits,
});

const statementSchema = z.strictObject({
  bankName: z.string().min(1).max(100),
  /** A short mark drawn in a box before the bank name, as a text logo (e.g. "某某银行", "BOS"). */
  logoText: z.string().min(1).max(12).optional(),
  /** English name under the Chinese one, optional. */
  bankNameEn: z.string().max(100).optional(),
  customerName: z.string().min(1).max(100),
  /** Full account or card number (digits, spaces or hyphens); drawn masked. */
  accountNumber: z.string().regex(/^[0-9][0-9 -]{3,38}$/, 'must be digits, optionally grouped with spaces or hyphens'),
  /** ISO 4217 code. */
  currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'),
  period: z.strictObject({ from: isoDate, to: isoDate }),
  /** Defaults to the first transaction's balance before it. */
  openingBalance: minorUnits.optional(),
  /** Defaults to the last transaction's balance. */
  closingBalance: minorUnits.optional(),
  /** Printed when given. Never defaulted to "now": the same data must give the same file. */
  statementDate: isoDate.optional(),
  transactions: z.array(transactionSchema).max(MAX_STATEMENT_TRANSACTIONS),
});

export type StatementTransaction = z.infer<typeof transactionSchema>;
export type StatementData = z.input<typeof statementSchema>;
export type ValidStatementData = z.output<typeof statementSchema>;

export function validateStatementData(data: unknown): ValidStatementData {
  const parsed = statementSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  // Issue paths and messages only: never the offending values (they may be account numbers).
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new FaxDocumentError('fax_doc_invalid_data', `The statement data is invalid: ${issues.slice(0, 5).join('; ')}.`);
}

/**
 * 6222 0212 3456 7891 -> "6222 **** **** 7891". Shorter numbers (corporate accounts)
 * show only their last four digits. The length of the number is never revealed.
 */
export function maskAccountNumber(accountNumber: string): string {
  const digits = accountNumber.replace(/\D/g, '');
  if (digits.length >= 12) return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
  if (digits.length >= 8) return `**** ${digits.slice(-4)}`;
  return '****';
}

/** 123456789 -> "1,234,567.89"; -5 -> "-0.05". */
export function formatMinorUnits(value: number): string {
  const negative = value < 0;
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${cents}`;
}

/** Makes free text safe to draw on one line: no control characters, collapsed spaces. */
export function singleLine(text: string, maxChars = 200): string {
  const cleaned = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(cleaned).slice(0, maxChars).join('');
}
