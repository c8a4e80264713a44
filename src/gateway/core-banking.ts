/**
 * The contract between Tellerline and the bank's core system.
 *
 * `CoreBanking` is the one interface the IVR, the agent desk and the back office use; the
 * HTTP/JSON and TCP fixed-length adapters (wrapped in `GatewayClient`) and the simulator's
 * in-memory core all implement it. Requests and results are zod schemas because they cross a
 * process boundary; the TypeScript types are inferred from them.
 *
 * Conventions:
 * - Money is an integer number of minor units (fen). Transaction amounts are signed: credits
 *   positive, debits negative.
 * - Dates are `YYYY-MM-DD`, times `HH:MM:SS`, in the bank's local time.
 * - A "no" from the core (wrong PIN, frozen, insufficient funds...) is a result
 *   `{ ok: false, code }`; transport trouble is a thrown `GatewayError` (see gateway-error.ts).
 * - A successful verify returns a `session` token; every account operation carries it plus the
 *   account it acts on. The token is a credential: it is never logged.
 */
import { z } from 'zod';
import { businessCodes } from './business-codes.js';

// ---------------------------------------------------------------------------------------------
// Primitives

export const AccountNumber = z.string().regex(/^\d{5,32}$/, 'account numbers are 5-32 digits');
export const CardNumber = z.string().regex(/^\d{16,19}$/, 'card numbers are 16-19 digits');
/** Passbook passwords and card PINs: six digits keyed on the phone. */
export const Pin = z.string().regex(/^\d{6}$/, 'a PIN is 6 digits');
/** Corporate query passwords and signed-customer phone-banking passwords: 6-8 digits. */
export const PhonePassword = z.string().regex(/^\d{6,8}$/, 'a password is 6-8 digits');
export const SessionToken = z.string().regex(/^[A-Za-z0-9]{16,32}$/);
export const MinorUnits = z.int();
export const PositiveMinorUnits = z.int().positive();
export const IsoDate = z.iso.date();
export const IsoTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/);
/** Chosen by the caller of a money operation; the core dedupes on it. */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/);
export const PhoneNumber = z.string().regex(/^\d{5,20}$/);
export const IdNumber = z.string().regex(/^[0-9A-Za-z]{4,32}$/);

export const CustomerClass = z.enum(['public', 'signed_personal', 'corporate']);
export type CustomerClass = z.infer<typeof CustomerClass>;
export const AccountKind = z.enum(['passbook', 'card', 'corporate']);
export type AccountKind = z.infer<typeof AccountKind>;
export const IdType = z.enum(['resident_id', 'passport', 'military_id', 'hk_macao_permit', 'taiwan_permit', 'other']);
export type IdType = z.infer<typeof IdType>;
export const BillType = z.enum(['fixed_line', 'mobile', 'electricity', 'water']);
export type BillType = z.infer<typeof BillType>;

/** What the verified customer may do; the IVR builds its menu from this list. */
export const Capability = z.enum([
  'balance',
  'recent_transactions',
  'transactions_from_date',
  'transactions_by_amount',
  'fax_statement',
  'change_password',
  'loss_report',
  'transfer',
  'bill_payment',
  'mobile_prepay',
]);
export type Capability = z.infer<typeof Capability>;

export const BusinessCode = z.enum(businessCodes);

/** The core said no. `attemptsLeft` accompanies WRONG_PASSWORD when the core counts attempts. */
export const BusinessFailure = z.object({
  ok: z.literal(false),
  code: BusinessCode,
  message: z.string().optional(),
  attemptsLeft: z.int().min(0).optional(),
});
export type BusinessFailure = z.infer<typeof BusinessFailure>;

function resultOf<T extends z.ZodRawShape>(shape: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), ...shape }), BusinessFailure]);
}

// ---------------------------------------------------------------------------------------------
// Identification

export const VerifyPassbookRequest = z.strictObject({ account: AccountNumber, password: Pin });
export const VerifyCardRequest = z.strictObject({ cardNumber: CardNumber, pin: Pin });
export const VerifySignedCustomerRequest = z.strictObject({ customerNumber: AccountNumber, password: PhonePassword });
export const VerifyCorporateRequest = z.strictObject({ shortAccount: AccountNumber, queryPassword: PhonePassword });

export const AccountSummary = z.object({
  account: AccountNumber,
  kind: AccountKind,
  currency: CurrencyCode,
});
export const VerifyResult = resultOf({
  session: SessionToken,
  customerId: z.string().min(1).max(20),
  customerClass: CustomerClass,
  signed: z.boolean(),
  /** Accounts this session may act on; the first is the one that was verified. */
  accounts: z.array(AccountSummary).min(1).max(10),
  capabilities: z.array(Capability).max(10),
});

// ---------------------------------------------------------------------------------------------
// Queries on an account

export const AccountRequest = z.strictObject({ session: SessionToken, account: AccountNumber });

export const BalanceResult = resultOf({
  account: AccountNumber,
  currency: CurrencyCode,
  /** Book balance. */
  ledgerBalance: MinorUnits,
  /** What may be withdrawn now (book balance less holds). */
  availableBalance: MinorUnits,
});

export const Transaction = z.object({
  date: IsoDate,
  time: IsoTime,
  /** Signed: credits positive, debits negative. */
  amount: MinorUnits,
  balanceAfter: MinorUnits,
  summary: z.string().max(60),
  counterparty: z.string().max(60).optional(),
  channel: z.enum(['counter', 'atm', 'pos', 'online', 'phone', 'transfer', 'interest', 'payment']),
});
export type Transaction = z.infer<typeof Transaction>;

export const RecentTransactionsRequest = AccountRequest.extend({ count: z.int().min(1).max(10).default(10) });
export const TransactionsFromDateRequest = AccountRequest.extend({
  fromDate: IsoDate,
  count: z.int().min(1).max(10).default(10),
});
export const TransactionsByAmountRequest = AccountRequest.extend({
  /** The amount the caller keyed in; matches are within ±5% of it, debits and credits alike. */
  amount: PositiveMinorUnits,
  count: z.int().min(1).max(10).default(10),
});
export const TransactionListResult = resultOf({
  account: AccountNumber,
  transactions: z.array(Transaction).max(10),
});

export const FaxStatementRequest = AccountRequest.extend({
  fromDate: IsoDate,
  toDate: IsoDate.optional(),
  maxEntries: z.int().min(1).max(100).default(100),
});
export const FaxStatementResult = resultOf({
  account: AccountNumber,
  holderName: z.string().max(60),
  currency: CurrencyCode,
  /** Balance before the first entry (or the current balance when there are none). */
  openingBalance: MinorUnits,
  closingBalance: MinorUnits,
  /** Oldest first. */
  entries: z.array(Transaction).max(100),
  /** More entries exist after the last one returned. */
  truncated: z.boolean(),
});

// ---------------------------------------------------------------------------------------------
// Updates

export const ChangePasswordRequest = AccountRequest.extend({ oldPassword: PhonePassword, newPassword: PhonePassword });
export const ChangePasswordResult = resultOf({ account: AccountNumber });

/**
 * Verbal loss report (口头挂失). A public customer gives ID type and number; a signed personal
 * customer with a session for the account gives neither.
 */
export const ReportLossRequest = z.strictObject({
  account: AccountNumber,
  session: SessionToken.optional(),
  idType: IdType.optional(),
  idNumber: IdNumber.optional(),
});
export const ReportLossResult = resultOf({
  account: AccountNumber,
  reference: z.string().min(1).max(24),
  /** The verbal report holds until this date; the customer must visit a counter before it. */
  validUntil: IsoDate,
});

// ---------------------------------------------------------------------------------------------
// Money movement (never retried; the core dedupes on idempotencyKey)

export const TransferRequest = z.strictObject({
  session: SessionToken,
  fromAccount: AccountNumber,
  toAccount: AccountNumber,
  amount: PositiveMinorUnits,
  idempotencyKey: IdempotencyKey,
});
export const MoneyMovementResult = resultOf({
  reference: z.string().min(1).max(24),
  amount: PositiveMinorUnits,
  /** Available balance of the debited account after the operation. */
  balanceAfter: MinorUnits,
  /** True when this answer is the stored result of an earlier request with the same key. */
  replayed: z.boolean(),
});

export const BillQueryRequest = z.strictObject({
  session: SessionToken,
  account: AccountNumber,
  billType: BillType,
  /** Phone number, or the utility's customer number. */
  billAccount: PhoneNumber,
});
export const BillItem = z.object({ period: z.string().regex(/^\d{4}-\d{2}$/), amount: PositiveMinorUnits });
export const BillQueryResult = resultOf({
  billType: BillType,
  billAccount: PhoneNumber,
  payee: z.string().max(40),
  /** Unpaid items, oldest first; empty when nothing is owed. */
  items: z.array(BillItem).max(12),
  totalDue: MinorUnits,
});

export const BillPaymentRequest = BillQueryRequest.extend({
  /** Must equal the total owed. */
  amount: PositiveMinorUnits,
  idempotencyKey: IdempotencyKey,
});

export const MobilePrepayRequest = z.strictObject({
  session: SessionToken,
  account: AccountNumber,
  mobile: PhoneNumber,
  amount: PositiveMinorUnits,
  idempotencyKey: IdempotencyKey,
});

/** "Did it happen?" for a transfer or payment whose answer was lost. */
export const OperationStatusRequest = z.strictObject({ session: SessionToken, idempotencyKey: IdempotencyKey });
export const OperationStatusResult = resultOf({
  found: z.boolean(),
  operation: z.enum(['transfer', 'bill_payment', 'mobile_prepay']).optional(),
  /** `succeeded` means money moved; `failed` carries the business code the core returned. */
  status: z.enum(['succeeded', 'failed']).optional(),
  failureCode: BusinessCode.optional(),
  reference: z.string().max(24).optional(),
  amount: PositiveMinorUnits.optional(),
});

// ---------------------------------------------------------------------------------------------
// Information

export const EmptyRequest = z.strictObject({});

export const InterestRate = z.object({
  code: z.string().min(1).max(12),
  name: z.string().max(40),
  /** 0 for demand deposits. */
  termMonths: z.int().min(0).max(120),
  /** Annual rate in parts per million: 1.35% is 13500. */
  annualRatePpm: z.int().min(0),
});
export const InterestRatesResult = resultOf({ asOf: IsoDate, rates: z.array(InterestRate).max(30) });

/** CNY per 100 units of `currency`, scaled by 10^4: 718.45 is 7184500. */
export const ScaledRate = z.int().min(0);
export const ExchangeRate = z.object({
  currency: CurrencyCode,
  name: z.string().max(20),
  spotBuy: ScaledRate,
  spotSell: ScaledRate,
  cashBuy: ScaledRate.optional(),
  cashSell: ScaledRate.optional(),
});
export const ExchangeRatesResult = resultOf({ asOf: IsoDate, rates: z.array(ExchangeRate).max(30) });

export const CustomerProfileRequest = z
  .strictObject({ callerNumber: PhoneNumber.optional(), account: AccountNumber.optional() })
  .refine((r) => r.callerNumber !== undefined || r.account !== undefined, 'give callerNumber or account');
export const RecentContact = z.object({
  date: IsoDate,
  channel: z.enum(['phone', 'branch', 'online', 'mobile_app']),
  summary: z.string().max(60),
});
export const CustomerProfileResult = resultOf({
  customerId: z.string().min(1).max(20),
  kind: z.enum(['personal', 'corporate']),
  /** Masked by the gateway as the bank configured (`nameMask`) before it reaches an agent. */
  name: z.string().max(60),
  segment: z.enum(['mass', 'affluent', 'private', 'corporate']),
  vip: z.boolean(),
  city: z.string().max(20),
  recentContacts: z.array(RecentContact).max(10),
});

// ---------------------------------------------------------------------------------------------
// The catalogue: one row per operation

/**
 * How an operation may be retried after a transport failure:
 * - `query`: read-only; retried.
 * - `auth`: verifies a secret and counts wrong attempts; retried only when the request surely
 *   never left this process (connection refused).
 * - `update`, `money`: never retried; `money` carries an idempotency key so that the caller
 *   can ask `operationStatus` or replay with the same key.
 */
export type OperationKind = 'query' | 'auth' | 'update' | 'money';

function op<Req extends z.ZodType, Res extends z.ZodType>(kind: OperationKind, request: Req, result: Res) {
  return { kind, request, result };
}

export const operations = {
  verifyPassbook: op('auth', VerifyPassbookRequest, VerifyResult),
  verifyCard: op('auth', VerifyCardRequest, VerifyResult),
  verifySignedCustomer: op('auth', VerifySignedCustomerRequest, VerifyResult),
  verifyCorporate: op('auth', VerifyCorporateRequest, VerifyResult),
  balance: op('query', AccountRequest, BalanceResult),
  recentTransactions: op('query', RecentTransactionsRequest, TransactionListResult),
  transactionsFromDate: op('query', TransactionsFromDateRequest, TransactionListResult),
  transactionsByAmount: op('query', TransactionsByAmountRequest, TransactionListResult),
  faxStatement: op('query', FaxStatementRequest, FaxStatementResult),
  changePassword: op('update', ChangePasswordRequest, ChangePasswordResult),
  reportLoss: op('update', ReportLossRequest, ReportLossResult),
  transfer: op('money', TransferRequest, MoneyMovementResult),
  queryBill: op('query', BillQueryRequest, BillQueryResult),
  payBill: op('money', BillPaymentRequest, MoneyMovementResult),
  mobilePrepay: op('money', MobilePrepayRequest, MoneyMovementResult),
  operationStatus: op('query', OperationStatusRequest, OperationStatusResult),
  interestRates: op('query', EmptyRequest, InterestRatesResult),
  exchangeRates: op('query', EmptyRequest, ExchangeRatesResult),
  customerProfile: op('query', CustomerProfileRequest, CustomerProfileResult),
} as const;

export type OperationName = keyof typeof operations;
export const operationNames = Object.keys(operations) as OperationName[];
/** What a caller passes (defaults such as `count` may be omitted). */
export type RequestOf<K extends OperationName> = z.input<(typeof operations)[K]['request']>;
/** The request after validation and defaults: what travels on the wire. */
export type WireRequestOf<K extends OperationName> = z.output<(typeof operations)[K]['request']>;
export type ResultOf<K extends OperationName> = z.output<(typeof operations)[K]['result']>;

export type VerifyResult = ResultOf<'verifyCard'>;
export type BalanceResult = ResultOf<'balance'>;
export type TransactionListResult = ResultOf<'recentTransactions'>;
export type FaxStatementResult = ResultOf<'faxStatement'>;
export type ChangePasswordResult = ResultOf<'changePassword'>;
export type ReportLossResult = ResultOf<'reportLoss'>;
export type MoneyMovementResult = ResultOf<'transfer'>;
export type BillQueryResult = ResultOf<'queryBill'>;
export type OperationStatusResult = ResultOf<'operationStatus'>;
export type InterestRatesResult = ResultOf<'interestRates'>;
export type ExchangeRatesResult = ResultOf<'exchangeRates'>;
export type CustomerProfileResult = ResultOf<'customerProfile'>;

/**
 * The core banking operations. Every method resolves to a result (`ok: true` with data, or
 * `ok: false` with a business code) or rejects with a `GatewayError` (transport trouble).
 */
export interface CoreBanking {
  /** Savings passbook account + passbook password. */
  verifyPassbook(req: RequestOf<'verifyPassbook'>): Promise<VerifyResult>;
  /** Bank card number + card PIN. */
  verifyCard(req: RequestOf<'verifyCard'>): Promise<VerifyResult>;
  /** Signed (contracted) personal customer: customer number + phone-banking password. */
  verifySignedCustomer(req: RequestOf<'verifySignedCustomer'>): Promise<VerifyResult>;
  /** Corporate customer: short account number + query password. */
  verifyCorporate(req: RequestOf<'verifyCorporate'>): Promise<VerifyResult>;

  balance(req: RequestOf<'balance'>): Promise<BalanceResult>;
  /** Up to `count` (≤ 10) transactions dated before today, newest first. */
  recentTransactions(req: RequestOf<'recentTransactions'>): Promise<TransactionListResult>;
  /** Up to `count` (≤ 10) transactions on or after `fromDate`, oldest first. */
  transactionsFromDate(req: RequestOf<'transactionsFromDate'>): Promise<TransactionListResult>;
  /** Corporate: up to `count` (≤ 10) transactions within ±5% of `amount`, newest first. */
  transactionsByAmount(req: RequestOf<'transactionsByAmount'>): Promise<TransactionListResult>;
  /** Up to `maxEntries` (≤ 100) transactions from `fromDate`, oldest first, for a faxed statement. */
  faxStatement(req: RequestOf<'faxStatement'>): Promise<FaxStatementResult>;

  /** The old password must verify. Whether callers may use this at all is a product setting. */
  changePassword(req: RequestOf<'changePassword'>): Promise<ChangePasswordResult>;
  reportLoss(req: RequestOf<'reportLoss'>): Promise<ReportLossResult>;

  /** Card-to-card (signed personal) or corporate transfer. */
  transfer(req: RequestOf<'transfer'>): Promise<MoneyMovementResult>;
  queryBill(req: RequestOf<'queryBill'>): Promise<BillQueryResult>;
  payBill(req: RequestOf<'payBill'>): Promise<MoneyMovementResult>;
  mobilePrepay(req: RequestOf<'mobilePrepay'>): Promise<MoneyMovementResult>;
  operationStatus(req: RequestOf<'operationStatus'>): Promise<OperationStatusResult>;

  interestRates(req?: RequestOf<'interestRates'>): Promise<InterestRatesResult>;
  exchangeRates(req?: RequestOf<'exchangeRates'>): Promise<ExchangeRatesResult>;
  /** Screen-pop data, keyed by caller number or account. */
  customerProfile(req: RequestOf<'customerProfile'>): Promise<CustomerProfileResult>;
}

/** The interface, derived from the catalogue: the compile-time checks below keep the two equal. */
export type CoreBankingFromCatalogue = { [K in OperationName]: (req: RequestOf<K>) => Promise<ResultOf<K>> };
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const interfaceMatchesCatalogue: Equal<keyof CoreBanking, OperationName> = true;
const signaturesMatchCatalogue: CoreBanking extends CoreBankingFromCatalogue ? true : false = true;
void interfaceMatchesCatalogue;
void signaturesMatchCatalogue;
