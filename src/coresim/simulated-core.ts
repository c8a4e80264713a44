/**
 * The simulated core: the business rules of a small bank, in memory, behind the CoreBanking
 * interface. The simulator's HTTP and TCP servers call it; tests and demos may also use it
 * in-process.
 *
 * Rules worth knowing (docs/demo-customers.md has the demo data):
 * - Three wrong PINs/passwords in a row lock the account (PASSWORD_LOCKED) until `reset()`.
 * - A frozen account may be verified and queried (available balance 0) but pays nothing.
 * - "Recent transactions" are those dated before the business date, newest first.
 * - Transfers: signed personal customers card-to-card (up to 50,000.00 per transfer),
 *   corporate customers to any account (up to 5,000,000.00). Public customers: NOT_SIGNED.
 * - Bills and mobile prepayment: signed personal customers only. A payment must equal the total
 *   owed and clears every unpaid item.
 * - Transfers and payments are stored by (customer, idempotency key): a replay with the same
 *   details returns the first answer with `replayed: true` and moves no money; different
 *   details give IDEMPOTENCY_CONFLICT. Each runs without awaiting, so it is atomic here.
 */
import { randomBytes } from 'node:crypto';
import type { BusinessCode } from '../gateway/business-codes.js';
import {
  operations,
  type BusinessFailure,
  type Capability,
  type CoreBanking,
  type MoneyMovementResult,
  type OperationName,
  type RequestOf,
  type ResultOf,
  type Transaction,
  type VerifyResult,
  type WireRequestOf,
} from '../gateway/core-banking.js';
import { billKey, type BankState, type SimAccount, type SimCustomer, type SimSession, type StoredOperation } from './bank-state.js';
import { addDays, localDate, localTime } from './dates.js';
import { hashSecret, verifySecret } from './password-hash.js';
import { exchangeRates, interestRates } from './reference-rates.js';
import { seedBank, type SeedOptions } from './seed-bank.js';

export interface SimulatedCoreOptions {
  /** Seed of the generated histories. Default 20250314. */
  seed?: number;
  /** Business date (YYYY-MM-DD). Default: today's local date when the core starts. */
  today?: string;
  /** Wall clock (epoch ms) for session expiry and the time of new transactions. */
  now?: () => number;
  /** Sessions expire after this long unused. Default 10 minutes. */
  sessionIdleMs?: number;
  /** Wrong attempts before a lock. Default 3. */
  maxPasswordAttempts?: number;
  customers?: SeedOptions['customers'];
}

const publicCapabilities: Capability[] = [
  'balance',
  'recent_transactions',
  'transactions_from_date',
  'fax_statement',
  'change_password',
  'loss_report',
];
const corporateCapabilities: Capability[] = [
  'balance',
  'recent_transactions',
  'transactions_from_date',
  'transactions_by_amount',
  'fax_statement',
  'change_password',
  'transfer',
];

const transferLimit = { signed_personal: 5_000_000, corporate: 500_000_000 } as const;
const prepayLimits = { min: 10_00, max: 2_000_00 };
const verbalLossValidDays = 5;
const billLabels = { fixed_line: '固话费', mobile: '手机费', electricity: '电费', water: '水费' } as const;

function fail(code: BusinessCode, extra: { message?: string; attemptsLeft?: number } = {}): BusinessFailure {
  return { ok: false, code, ...extra };
}

type Authorized = { session: SimSession; account: SimAccount; customer: SimCustomer };

export class SimulatedCore implements CoreBanking {
  #state: BankState;
  readonly #options: SimulatedCoreOptions;
  readonly #now: () => number;

  private constructor(state: BankState, options: SimulatedCoreOptions) {
    this.#state = state;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  static async create(options: SimulatedCoreOptions = {}): Promise<SimulatedCore> {
    const today = options.today ?? localDate((options.now ?? Date.now)());
    const state = await seedBank({ seed: options.seed ?? 20250314, today, customers: options.customers });
    return new SimulatedCore(state, { ...options, today });
  }

  /** Rebuilds the bank from the seed: balances, locks, sessions and payments start over. */
  async reset(): Promise<void> {
    this.#state = await seedBank({ seed: this.#options.seed ?? 20250314, today: this.today, customers: this.#options.customers });
  }

  get today(): string {
    return this.#state.today;
  }

  /** Read-only view of an account for tests and the admin endpoint (no secrets). */
  inspectAccount(number: string): { balance: number; status: SimAccount['status']; transactions: readonly Transaction[] } | undefined {
    const account = this.#state.accounts.get(number);
    return account && { balance: account.balance, status: account.status, transactions: account.transactions };
  }

  /** Runs an operation by name, validating the request first (the servers use this). */
  async dispatch<K extends OperationName>(operation: K, request: WireRequestOf<K>): Promise<ResultOf<K>> {
    const method = this[operation] as (req: WireRequestOf<K>) => Promise<ResultOf<K>>;
    return method.call(this, request);
  }

  // --- identification ------------------------------------------------------------------------

  async verifyPassbook(req: RequestOf<'verifyPassbook'>): Promise<VerifyResult> {
    const r = this.#parse('verifyPassbook', req);
    if (!r.ok) return r.failure;
    return this.#verifyAccount(r.value.account, 'passbook', r.value.password);
  }

  async verifyCard(req: RequestOf<'verifyCard'>): Promise<VerifyResult> {
    const r = this.#parse('verifyCard', req);
    if (!r.ok) return r.failure;
    return this.#verifyAccount(r.value.cardNumber, 'card', r.value.pin);
  }

  async verifyCorporate(req: RequestOf<'verifyCorporate'>): Promise<VerifyResult> {
    const r = this.#parse('verifyCorporate', req);
    if (!r.ok) return r.failure;
    const number = this.#state.corporateByShortNumber.get(r.value.shortAccount);
    if (!number) return fail('ACCOUNT_NOT_FOUND');
    return this.#verifyAccount(number, 'corporate', r.value.queryPassword);
  }

  async verifySignedCustomer(req: RequestOf<'verifySignedCustomer'>): Promise<VerifyResult> {
    const r = this.#parse('verifySignedCustomer', req);
    if (!r.ok) return r.failure;
    const customerId = this.#state.signedCustomerByNumber.get(r.value.customerNumber);
    const customer = customerId ? this.#state.customers.get(customerId) : undefined;
    if (!customer || !customer.signedPasswordHash) return fail('NO_SUCH_CUSTOMER');
    const max = this.#maxAttempts();
    if (customer.failedAttempts >= max) return fail('PASSWORD_LOCKED');
    if (!(await verifySecret(r.value.password, customer.signedPasswordHash))) {
      customer.failedAttempts++;
      if (customer.failedAttempts >= max) return fail('PASSWORD_LOCKED');
      return fail('WRONG_PASSWORD', { attemptsLeft: max - customer.failedAttempts });
    }
    customer.failedAttempts = 0;
    const accounts = this.#accountsOf(customer).filter((a) => a.status === 'active' || a.status === 'frozen');
    if (accounts.length === 0) return fail('ACCOUNT_CLOSED');
    return this.#openSession(customer, accounts, 'signed_personal');
  }

  async #verifyAccount(number: string, kind: SimAccount['kind'], password: string): Promise<VerifyResult> {
    const account = this.#state.accounts.get(number);
    if (!account || account.kind !== kind) return fail('ACCOUNT_NOT_FOUND');
    const refusal = this.#statusRefusal(account);
    if (refusal) return refusal;
    const max = this.#maxAttempts();
    if (account.failedAttempts >= max) return fail('PASSWORD_LOCKED');
    if (!(await verifySecret(password, account.passwordHash))) {
      account.failedAttempts++;
      if (account.failedAttempts >= max) return fail('PASSWORD_LOCKED');
      return fail('WRONG_PASSWORD', { attemptsLeft: max - account.failedAttempts });
    }
    account.failedAttempts = 0;
    const customer = this.#customerOf(account);
    const customerClass = kind === 'corporate' ? 'corporate' : customer.signedNumber ? 'signed_personal' : 'public';
    return this.#openSession(customer, [account], customerClass);
  }

  #openSession(customer: SimCustomer, accounts: SimAccount[], customerClass: SimSession['customerClass']): VerifyResult {
    const token = randomBytes(12).toString('hex');
    const signed = customerClass !== 'public';
    this.#state.sessions.set(token, {
      token,
      customerId: customer.id,
      customerClass,
      signed,
      accounts: accounts.map((a) => a.number),
      expiresAt: this.#now() + this.#idleMs(),
    });
    let capabilities: Capability[];
    if (customerClass === 'corporate') capabilities = corporateCapabilities;
    else if (customerClass === 'public') capabilities = publicCapabilities;
    else {
      capabilities = [...publicCapabilities, 'bill_payment', 'mobile_prepay'];
      if (accounts.some((a) => a.kind === 'card')) capabilities.splice(6, 0, 'transfer');
    }
    return {
      ok: true,
      session: token,
      customerId: customer.id,
      customerClass,
      signed,
      accounts: accounts.map((a) => ({ account: a.number, kind: a.kind, currency: a.currency })),
      capabilities: [...capabilities],
    };
  }

  // --- account queries -----------------------------------------------------------------------

  async balance(req: RequestOf<'balance'>): Promise<ResultOf<'balance'>> {
    const r = this.#parse('balance', req);
    if (!r.ok) return r.failure;
    const auth = this.#authorize(r.value.session, r.value.account);
    if (!auth.ok) return auth.failure;
    const { account } = auth.value;
    return {
      ok: true,
      account: account.number,
      currency: account.currency,
      ledgerBalance: account.balance,
      availableBalance: account.status === 'frozen' ? 0 : account.balance,
    };
  }

  async recentTransactions(req: RequestOf<'recentTransactions'>): Promise<ResultOf<'recentTransactions'>> {
    const r = this.#parse('recentTransactions', req);
    if (!r.ok) return r.failure;
    const auth = this.#authorize(r.value.session, r.value.account);
    if (!auth.ok) return auth.failure;
    const before = auth.value.account.transactions.filter((t) => t.date < this.today);
    return { ok: true, account: r.value.account, transactions: before.slice(-r.value.count).reverse() };
  }

  async transactionsFromDate(req: RequestOf<'transactionsFromDate'>): Promise<ResultOf<'transactionsFromDate'>> {
    const r = this.#parse('transactionsFromDate', req);
    if (!r.ok) return r.failure;
    const auth = this.#authorize(r.value.session, r.value.account);
    if (!auth.ok) return auth.failure;
    const from = auth.value.account.transactions.filter((t) => t.date >= r.value.fromDate);
    return { ok: true, account: r.value.account, transactions: from.slice(0, r.value.count) };
  }

  async transactionsByAmount(req: RequestOf<'transactionsByAmount'>): Promise<ResultOf<'transactionsByAmount'>> {
    const r = this.#parse('transactionsByAmount', req);
    if (!r.ok) return r.failure;
    const auth = this.#authorize(r.value.session, r.value.account);
    if (!auth.ok) return auth.failure;
    if (auth.value.session.customerClass !== 'corporate') return fail('NOT_ALLOWED');
    const target = r.value.amount;
    // ±5% in integers: |amount| × 100 within [target × 95, target × 105].
    const matches = auth.value.account.transactions.filter((t) => {
      const scaled = Math.abs(t.amount) * 100;
      return scaled >= target * 95 && scaled <= target * 105;
    });
    return { ok: true, account: r.value.account, transactions: matches.slice(-r.value.count).reverse() };
  }

  async faxStatement(req: RequestOf<'faxStatement'>): Promise<ResultOf<'faxStatement'>> {
    const r = this.#parse('faxStatement', req);
    if (!r.ok) return r.failure;
    const auth = this.#authorize(r.value.session, r.value.account);
    if (!auth.ok) return auth.failure;
    const { account, customer } = auth.value;
    const toDate = r.value.toDate ?? this.today;
    if (toDate < r.value.fromDate) return fail('INVALID_REQUEST', { message: 'toDate is before fromDate' });
    const inRange = account.transactions.filter((t) => t.date >= r.value.fromDate && t.date <= toDate);
    const entries = inRange.slice(0, r.value.maxEntries);
    const first = entries[0];
    const last = entries[entries.length - 1];
    const later = account.transactions.filter((t) => t.date > toDate).reduce((sum, t) => sum + t.amount, 0);
    const openingBalance = first ? first.balanceAfter - first.amount : account.balance - later;
    return {
      ok: true,
      account: account.number,
      holderName: customer.name,
      currency: account.currency,
      openingBalance,
      closingBalance: last ? last.balanceAfter : openingBalance,
      entries,
      truncated: inRange.length > entries.length,
    };
  }

  // --- updates -------------------------------------------------------------------------------

  async changePassword(req: RequestOf<'changePassword'>): Promise<ResultOf<'changePassword'>> {
    const r = this.#parse('changePassword', req);
    if (!r.ok) return r.failure;
    const auth = this.#authorize(r.value.session, r.value.account);
    if (!auth.ok) return auth.failure;
    const { account } = auth.value;
    const max = this.#maxAttempts();
    if (account.failedAttempts >= max) return fail('PASSWORD_LOCKED');
    if (!(await verifySecret(r.value.oldPassword, account.passwordHash))) {
      account.failedAttempts++;
      if (account.failedAttempts >= max) return fail('PASSWORD_LOCKED');
      return fail('WRONG_PASSWORD', { attemptsLeft: max - account.failedAttempts });
    }
    account.failedAttempts = 0;
    const next = r.value.newPassword;
    if (account.kind !== 'corporate' && next.length !== 6) return fail('INVALID_REQUEST', { message: 'a PIN is 6 digits' });
    if (next === r.value.oldPassword || isTrivial(next)) return fail('WEAK_PASSWORD');
    account.passwordHash = await hashSecret(next);
    return { ok: true, account: account.number };
  }

  async reportLoss(req: RequestOf<'reportLoss'>): Promise<ResultOf<'reportLoss'>> {
    const r = this.#parse('reportLoss', req);
    if (!r.ok) return r.failure;
    const { account: number, session: token, idType, idNumber } = r.value;
    const account = this.#state.accounts.get(number);
    if (!account) return fail('ACCOUNT_NOT_FOUND');
    if (account.kind === 'corporate') return fail('NOT_ALLOWED', { message: 'corporate accounts report losses at a counter' });
    if (account.status === 'closed') return fail('ACCOUNT_CLOSED');
    if (account.status === 'lost') return fail('ACCOUNT_REPORTED_LOST');
    const customer = this.#customerOf(account);
    let signedSession = false;
    if (token !== undefined) {
      const session = this.#session(token);
      if (!session || !session.accounts.includes(number)) return fail('SESSION_INVALID');
      signedSession = session.signed;
    }
    if (!signedSession) {
      if (idType === undefined || idNumber === undefined) return fail('ID_REQUIRED');
      if (idType !== customer.idType || idNumber.toUpperCase() !== customer.idNumber.toUpperCase()) return fail('ID_MISMATCH');
    }
    account.status = 'lost';
    return { ok: true, account: number, reference: this.#reference('GS'), validUntil: addDays(this.today, verbalLossValidDays) };
  }

  // --- money movement ------------------------------------------------------------------------

  async transfer(req: RequestOf<'transfer'>): Promise<ResultOf<'transfer'>> {
    const r = this.#parse('transfer', req);
    if (!r.ok) return r.failure;
    const { session: token, fromAccount, toAccount, amount, idempotencyKey } = r.value;
    const auth = this.#authorize(token, fromAccount);
    if (!auth.ok) return auth.failure;
    const { session, account: from, customer } = auth.value;
    const customerClass = session.customerClass;
    if (customerClass === 'public') return fail('NOT_SIGNED');
    return this.#once(customer, 'transfer', idempotencyKey, `${fromAccount}>${toAccount}:${amount}`, amount, () => {
      if (toAccount === fromAccount) return fail('SAME_ACCOUNT');
      const to = this.#state.accounts.get(toAccount);
      if (!to) return fail('ACCOUNT_NOT_FOUND', { message: 'payee account not found' });
      if (to.status === 'closed') return fail('ACCOUNT_CLOSED', { message: 'payee account closed' });
      if (customerClass === 'signed_personal' && (from.kind !== 'card' || to.kind !== 'card')) {
        return fail('NOT_ALLOWED', { message: 'personal transfers are card to card' });
      }
      if (from.status === 'frozen') return fail('ACCOUNT_FROZEN');
      if (amount > transferLimit[customerClass]) return fail('LIMIT_EXCEEDED');
      if (amount > from.balance) return fail('INSUFFICIENT_FUNDS');
      const payer = this.#customerOf(from);
      const payee = this.#customerOf(to);
      this.#post(from, -amount, '转账支出', payee.name, 'phone');
      this.#post(to, amount, '转账存入', payer.name, 'transfer');
      return { ok: true, reference: this.#reference('TR'), amount, balanceAfter: from.balance, replayed: false };
    });
  }

  async queryBill(req: RequestOf<'queryBill'>): Promise<ResultOf<'queryBill'>> {
    const r = this.#parse('queryBill', req);
    if (!r.ok) return r.failure;
    const auth = this.#authorize(r.value.session, r.value.account);
    if (!auth.ok) return auth.failure;
    const refusal = this.#intermediaryRefusal(auth.value.session);
    if (refusal) return refusal;
    const bill = this.#state.bills.get(billKey(r.value.billType, r.value.billAccount));
    if (!bill) return fail('NO_SUCH_BILL');
    const items = bill.items.filter((i) => !i.paid).map((i) => ({ period: i.period, amount: i.amount }));
    return {
      ok: true,
      billType: bill.type,
      billAccount: bill.billAccount,
      payee: bill.payee,
      items,
      totalDue: items.reduce((sum, i) => sum + i.amount, 0),
    };
  }

  async payBill(req: RequestOf<'payBill'>): Promise<ResultOf<'payBill'>> {
    const r = this.#parse('payBill', req);
    if (!r.ok) return r.failure;
    const { session: token, account: number, billType, billAccount, amount, idempotencyKey } = r.value;
    const auth = this.#authorize(token, number);
    if (!auth.ok) return auth.failure;
    const refusal = this.#intermediaryRefusal(auth.value.session);
    if (refusal) return refusal;
    const { account, customer } = auth.value;
    return this.#once(customer, 'bill_payment', idempotencyKey, `${number}>${billType}:${billAccount}:${amount}`, amount, () => {
      const bill = this.#state.bills.get(billKey(billType, billAccount));
      if (!bill) return fail('NO_SUCH_BILL');
      const unpaid = bill.items.filter((i) => !i.paid);
      const due = unpaid.reduce((sum, i) => sum + i.amount, 0);
      if (due === 0) return fail('BILL_ALREADY_PAID');
      if (amount !== due) return fail('AMOUNT_MISMATCH', { message: `amount owed is ${due}` });
      if (account.status === 'frozen') return fail('ACCOUNT_FROZEN');
      if (amount > account.balance) return fail('INSUFFICIENT_FUNDS');
      for (const item of unpaid) item.paid = true;
      this.#post(account, -amount, `代缴${billLabels[billType]}`, bill.payee, 'payment');
      return { ok: true, reference: this.#reference('JF'), amount, balanceAfter: account.balance, replayed: false };
    });
  }

  async mobilePrepay(req: RequestOf<'mobilePrepay'>): Promise<ResultOf<'mobilePrepay'>> {
    const r = this.#parse('mobilePrepay', req);
    if (!r.ok) return r.failure;
    const { session: token, account: number, mobile, amount, idempotencyKey } = r.value;
    const auth = this.#authorize(token, number);
    if (!auth.ok) return auth.failure;
    const refusal = this.#intermediaryRefusal(auth.value.session);
    if (refusal) return refusal;
    const { account, customer } = auth.value;
    return this.#once(customer, 'mobile_prepay', idempotencyKey, `${number}>${mobile}:${amount}`, amount, () => {
      const line = this.#state.bills.get(billKey('mobile', mobile));
      if (!line) return fail('NO_SUCH_BILL');
      if (amount < prepayLimits.min || amount > prepayLimits.max) return fail('LIMIT_EXCEEDED');
      if (account.status === 'frozen') return fail('ACCOUNT_FROZEN');
      if (amount > account.balance) return fail('INSUFFICIENT_FUNDS');
      line.prepaid += amount;
      this.#post(account, -amount, '手机充值', line.payee, 'payment');
      return { ok: true, reference: this.#reference('CZ'), amount, balanceAfter: account.balance, replayed: false };
    });
  }

  async operationStatus(req: RequestOf<'operationStatus'>): Promise<ResultOf<'operationStatus'>> {
    const r = this.#parse('operationStatus', req);
    if (!r.ok) return r.failure;
    const session = this.#session(r.value.session);
    if (!session) return fail('SESSION_INVALID');
    const stored = this.#state.customers.get(session.customerId)?.operations.get(r.value.idempotencyKey);
    if (!stored) return { ok: true, found: false };
    const result = stored.result;
    return {
      ok: true,
      found: true,
      operation: stored.operation,
      status: result.ok ? 'succeeded' : 'failed',
      ...(result.ok ? { reference: result.reference } : { failureCode: result.code }),
      amount: stored.amount,
    };
  }

  // --- information ---------------------------------------------------------------------------

  async interestRates(req: RequestOf<'interestRates'> = {}): Promise<ResultOf<'interestRates'>> {
    const r = this.#parse('interestRates', req);
    if (!r.ok) return r.failure;
    return { ok: true, asOf: this.today, rates: interestRates.map((rate) => ({ ...rate })) };
  }

  async exchangeRates(req: RequestOf<'exchangeRates'> = {}): Promise<ResultOf<'exchangeRates'>> {
    const r = this.#parse('exchangeRates', req);
    if (!r.ok) return r.failure;
    return { ok: true, asOf: this.today, rates: exchangeRates.map((rate) => ({ ...rate })) };
  }

  async customerProfile(req: RequestOf<'customerProfile'>): Promise<ResultOf<'customerProfile'>> {
    const r = this.#parse('customerProfile', req);
    if (!r.ok) return r.failure;
    let customer: SimCustomer | undefined;
    const account = r.value.account === undefined ? undefined : this.#state.accounts.get(r.value.account);
    if (account) customer = this.#customerOf(account);
    else if (r.value.callerNumber !== undefined) {
      const caller = r.value.callerNumber;
      customer = [...this.#state.customers.values()].find((c) => c.phones.includes(caller));
    }
    if (!customer) return fail('NO_SUCH_CUSTOMER');
    return {
      ok: true,
      customerId: customer.id,
      kind: customer.kind,
      name: customer.name,
      segment: customer.segment,
      vip: customer.vip,
      city: customer.city,
      recentContacts: customer.recentContacts.map((c) => ({
        date: addDays(this.today, -c.daysAgo),
        channel: c.channel,
        summary: c.summary,
      })),
    };
  }

  // --- helpers -------------------------------------------------------------------------------

  #parse<K extends OperationName>(
    operation: K,
    request: unknown,
  ): { ok: true; value: WireRequestOf<K> } | { ok: false; failure: BusinessFailure } {
    const parsed = operations[operation].request.safeParse(request);
    if (parsed.success) return { ok: true, value: parsed.data as WireRequestOf<K> };
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(request)').join(', ');
    return { ok: false, failure: fail('INVALID_REQUEST', { message: `invalid ${fields}` }) };
  }

  #session(token: string): SimSession | undefined {
    const session = this.#state.sessions.get(token);
    if (!session) return undefined;
    const now = this.#now();
    if (session.expiresAt <= now) {
      this.#state.sessions.delete(token);
      return undefined;
    }
    session.expiresAt = now + this.#idleMs();
    return session;
  }

  #authorize(token: string, number: string): { ok: true; value: Authorized } | { ok: false; failure: BusinessFailure } {
    const session = this.#session(token);
    if (!session || !session.accounts.includes(number)) return { ok: false, failure: fail('SESSION_INVALID') };
    const account = this.#state.accounts.get(number);
    if (!account) return { ok: false, failure: fail('ACCOUNT_NOT_FOUND') };
    const refusal = this.#statusRefusal(account);
    if (refusal) return { ok: false, failure: refusal };
    return { ok: true, value: { session, account, customer: this.#customerOf(account) } };
  }

  #statusRefusal(account: SimAccount): BusinessFailure | undefined {
    if (account.status === 'closed') return fail('ACCOUNT_CLOSED');
    if (account.status === 'lost') return fail('ACCOUNT_REPORTED_LOST');
    return undefined;
  }

  #intermediaryRefusal(session: SimSession): BusinessFailure | undefined {
    if (session.customerClass === 'public') return fail('NOT_SIGNED');
    if (session.customerClass === 'corporate') return fail('NOT_ALLOWED');
    return undefined;
  }

  /** Runs a money movement once per (customer, key); replays return the stored answer. */
  #once(
    customer: SimCustomer,
    operation: StoredOperation['operation'],
    key: string,
    fingerprint: string,
    amount: number,
    execute: () => MoneyMovementResult,
  ): MoneyMovementResult {
    const stored = customer.operations.get(key);
    if (stored) {
      if (stored.operation !== operation || stored.fingerprint !== fingerprint) return fail('IDEMPOTENCY_CONFLICT');
      return stored.result.ok ? { ...stored.result, replayed: true } : stored.result;
    }
    const result = execute();
    customer.operations.set(key, { operation, fingerprint, amount, result, ...(result.ok ? {} : { failureCode: result.code }) });
    return result;
  }

  #post(account: SimAccount, amount: number, summary: string, counterparty: string, channel: Transaction['channel']): void {
    account.balance += amount;
    account.transactions.push({
      date: this.today,
      time: localTime(this.#now()),
      amount,
      balanceAfter: account.balance,
      summary,
      counterparty,
      channel,
    });
  }

  #reference(prefix: string): string {
    const sequence = this.#state.nextReference++;
    return `${prefix}${this.today.replaceAll('-', '')}${String(sequence).padStart(8, '0')}`;
  }

  #customerOf(account: SimAccount): SimCustomer {
    const customer = this.#state.customers.get(account.customerId);
    if (!customer) throw new Error(`account ${account.number.slice(-4)} has no customer`);
    return customer;
  }

  #accountsOf(customer: SimCustomer): SimAccount[] {
    return [...this.#state.accounts.values()].filter((a) => a.customerId === customer.id && a.kind !== 'corporate');
  }

  #maxAttempts(): number {
    return this.#options.maxPasswordAttempts ?? 3;
  }

  #idleMs(): number {
    return this.#options.sessionIdleMs ?? 10 * 60 * 1000;
  }
}

/** Six equal digits, or a run up or down (123456, 654321). */
function isTrivial(password: string): boolean {
  if (/^(\d)\1+$/.test(password)) return true;
  const digits = [...password].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => d - (digits[i] ?? 0)));
  return steps.size === 1 && (steps.has(1) || steps.has(-1));
}
