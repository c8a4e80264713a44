/**
 * What of a request may appear in a log, and how it is masked.
 *
 * An allow-list: per operation, the named fields and the mask for each. Anything not listed
 * (PINs, passwords, session tokens, ID numbers in clear...) never leaves here.
 */
import type { OperationName } from './core-banking.js';

/** `6222021234567890123` → `6222 **** **** 0123`; short numbers keep only the last four. */
export function maskAccount(value: string): string {
  const digits = value.replace(/\s+/g, '');
  if (digits.length >= 12) return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
  if (digits.length > 6) return `**** ${digits.slice(-4)}`;
  return '****';
}

/** `13800138000` → `138****8000`; other numbers keep the last four. */
export function maskPhone(value: string): string {
  if (/^1\d{10}$/.test(value)) return `${value.slice(0, 3)}****${value.slice(-4)}`;
  if (value.length > 6) return `****${value.slice(-4)}`;
  return '****';
}

/** ID numbers keep the last four characters only. */
export function maskIdNumber(value: string): string {
  return value.length > 6 ? `****${value.slice(-4)}` : '****';
}

/**
 * How the bank wants customer names shown to agents:
 * - `none`: as the core has it;
 * - `keep-surname`: 张三丰 → 张**;
 * - `keep-first-last`: 张三丰 → 张*丰 (two characters: 张三 → 张*).
 */
export type NameMaskStyle = 'none' | 'keep-surname' | 'keep-first-last';

export function maskName(name: string, style: NameMaskStyle): string {
  const chars = Array.from(name.trim());
  if (style === 'none' || chars.length === 0) return name;
  if (chars.length === 1) return '*';
  const first = chars[0] ?? '';
  if (style === 'keep-surname') return first + '*'.repeat(chars.length - 1);
  if (chars.length === 2) return `${first}*`;
  return first + '*'.repeat(chars.length - 2) + (chars[chars.length - 1] ?? '');
}

type MaskKind = 'account' | 'phone' | 'id' | 'plain';

const maskers: Record<MaskKind, (value: string) => string> = {
  account: maskAccount,
  phone: maskPhone,
  id: maskIdNumber,
  plain: (value) => value,
};

/** Per operation: the request fields that identify what was touched. */
const loggedKeys: Record<OperationName, Readonly<Record<string, MaskKind>>> = {
  verifyPassbook: { account: 'account' },
  verifyCard: { cardNumber: 'account' },
  verifySignedCustomer: { customerNumber: 'account' },
  verifyCorporate: { shortAccount: 'account' },
  balance: { account: 'account' },
  recentTransactions: { account: 'account' },
  transactionsFromDate: { account: 'account', fromDate: 'plain' },
  transactionsByAmount: { account: 'account' },
  faxStatement: { account: 'account', fromDate: 'plain' },
  changePassword: { account: 'account' },
  reportLoss: { account: 'account', idType: 'plain', idNumber: 'id' },
  transfer: { fromAccount: 'account', toAccount: 'account', idempotencyKey: 'plain' },
  queryBill: { account: 'account', billType: 'plain', billAccount: 'phone' },
  payBill: { account: 'account', billType: 'plain', billAccount: 'phone', idempotencyKey: 'plain' },
  mobilePrepay: { account: 'account', mobile: 'phone', idempotencyKey: 'plain' },
  operationStatus: { idempotencyKey: 'plain' },
  interestRates: {},
  exchangeRates: {},
  customerProfile: { callerNumber: 'phone', account: 'account' },
};

/** The allow-list as arrays, built once: this runs for every request. */
const loggedKeyLists = Object.fromEntries(
  Object.entries(loggedKeys).map(([operation, keys]) => [operation, Object.entries(keys).map(([key, kind]) => [key, maskers[kind]] as const)]),
) as Record<OperationName, (readonly [string, (value: string) => string])[]>;

export function maskedKeysOf(operation: OperationName, request: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof request !== 'object' || request === null) return out;
  const fields = request as Record<string, unknown>;
  for (const [key, mask] of loggedKeyLists[operation]) {
    const value = fields[key];
    if (typeof value === 'string' && value.length > 0) out[key] = mask(value);
  }
  return out;
}

/** The amount a money or amount-query operation concerns, for the transaction log. */
export function amountOf(request: unknown): number | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const amount = (request as Record<string, unknown>)['amount'];
  return typeof amount === 'number' && Number.isSafeInteger(amount) ? amount : undefined;
}
