/** One filled-in request and one successful result per operation, with Chinese text. */
import type { OperationName, ResultOf, WireRequestOf } from '../../src/gateway/core-banking.js';

const session = 'a1b2c3d4e5f6a7b8c9d0e1f2';

const transaction = (n: number) => ({
  date: `2025-02-${String(10 + (n % 18)).padStart(2, '0')}`,
  time: '14:05:09',
  amount: n % 2 === 0 ? -(n * 1234 + 5) : n * 987,
  balanceAfter: 1_000_000 - n * 37,
  summary: n % 3 === 0 ? '代缴电费' : '转账支出',
  counterparty: n % 4 === 0 ? undefined : '北京星辰科技有限公司',
  channel: 'online' as const,
});

function strip<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export const sampleRequests: { [K in OperationName]: WireRequestOf<K> } = {
  verifyPassbook: { account: '1001200030004001', password: '012345' },
  verifyCard: { cardNumber: '6222021234567890123', pin: '135790' },
  verifySignedCustomer: { customerNumber: '88000001', password: '24681357' },
  verifyCorporate: { shortAccount: '80001', queryPassword: '888888' },
  balance: { session, account: '6222020000000004' },
  recentTransactions: { session, account: '6222020000000004', count: 10 },
  transactionsFromDate: { session, account: '6222020000000004', fromDate: '2025-01-01', count: 7 },
  transactionsByAmount: { session, account: '110060149018000123456', amount: 1_200_000, count: 10 },
  faxStatement: { session, account: '110060149018000123456', fromDate: '2024-12-01', toDate: '2025-03-01', maxEntries: 100 },
  changePassword: { session, account: '6222020000000004', oldPassword: '444444', newPassword: '480913' },
  reportLoss: { account: '6222020000000003', idType: 'resident_id', idNumber: '31010119920515567X' },
  transfer: { session, fromAccount: '6222020000000004', toAccount: '6222020000000001', amount: 12_345, idempotencyKey: 'ivr-20250314-0001' },
  queryBill: { session, account: '6222020000000004', billType: 'fixed_line', billAccount: '02088886666' },
  payBill: { session, account: '6222020000000004', billType: 'water', billAccount: '2001234567', amount: 4530, idempotencyKey: 'ivr-20250314-0002' },
  mobilePrepay: { session, account: '6222020000000004', mobile: '13900139000', amount: 10_000, idempotencyKey: 'ivr-20250314-0003' },
  operationStatus: { session, idempotencyKey: 'ivr-20250314-0001' },
  interestRates: {},
  exchangeRates: {},
  customerProfile: { callerNumber: '13900139000' },
};

type Success<K extends OperationName> = Extract<ResultOf<K>, { ok: true }>;

export const sampleResults: { [K in OperationName]: Success<K> } = {
  verifyPassbook: {
    ok: true,
    session,
    customerId: 'C0001',
    customerClass: 'public',
    signed: false,
    accounts: [{ account: '1001200030004001', kind: 'passbook', currency: 'CNY' }],
    capabilities: ['balance', 'recent_transactions', 'transactions_from_date', 'fax_statement', 'change_password', 'loss_report'],
  },
  verifyCard: {
    ok: true,
    session,
    customerId: 'C0007',
    customerClass: 'public',
    signed: false,
    accounts: [{ account: '6222021234567890123', kind: 'card', currency: 'CNY' }],
    capabilities: ['balance'],
  },
  verifySignedCustomer: {
    ok: true,
    session,
    customerId: 'C0004',
    customerClass: 'signed_personal',
    signed: true,
    accounts: [
      { account: '6222020000000004', kind: 'card', currency: 'CNY' },
      { account: '1001200030004004', kind: 'passbook', currency: 'CNY' },
    ],
    capabilities: ['balance', 'transfer', 'bill_payment', 'mobile_prepay'],
  },
  verifyCorporate: {
    ok: true,
    session,
    customerId: 'K0001',
    customerClass: 'corporate',
    signed: true,
    accounts: [{ account: '110060149018000123456', kind: 'corporate', currency: 'CNY' }],
    capabilities: ['balance', 'transactions_by_amount', 'transfer'],
  },
  balance: { ok: true, account: '6222020000000004', currency: 'CNY', ledgerBalance: 8_600_000, availableBalance: -1 },
  recentTransactions: { ok: true, account: '6222020000000004', transactions: strip([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(transaction)) },
  transactionsFromDate: { ok: true, account: '6222020000000004', transactions: strip([3, 4].map(transaction)) },
  transactionsByAmount: { ok: true, account: '110060149018000123456', transactions: [] },
  faxStatement: {
    ok: true,
    account: '110060149018000123456',
    holderName: '北京天禾商贸有限公司',
    currency: 'CNY',
    openingBalance: 123_456_789,
    closingBalance: 0,
    entries: strip(Array.from({ length: 100 }, (_, i) => transaction(i))),
    truncated: true,
  },
  changePassword: { ok: true, account: '6222020000000004' },
  reportLoss: { ok: true, account: '6222020000000003', reference: 'GS2025031400000001', validUntil: '2025-03-19' },
  transfer: { ok: true, reference: 'TR2025031400000002', amount: 12_345, balanceAfter: 8_587_655, replayed: false },
  queryBill: {
    ok: true,
    billType: 'fixed_line',
    billAccount: '02088886666',
    payee: '中国电信',
    items: [
      { period: '2025-01', amount: 5800 },
      { period: '2025-02', amount: 6150 },
    ],
    totalDue: 11_950,
  },
  payBill: { ok: true, reference: 'JF2025031400000003', amount: 4530, balanceAfter: 0, replayed: true },
  mobilePrepay: { ok: true, reference: 'CZ2025031400000004', amount: 10_000, balanceAfter: 8_577_655, replayed: false },
  operationStatus: { ok: true, found: true, operation: 'transfer', status: 'succeeded', reference: 'TR2025031400000002', amount: 12_345 },
  interestRates: {
    ok: true,
    asOf: '2025-03-14',
    rates: [
      { code: 'DEMAND', name: '活期存款', termMonths: 0, annualRatePpm: 1000 },
      { code: 'FIX5Y', name: '整存整取五年', termMonths: 60, annualRatePpm: 15500 },
    ],
  },
  exchangeRates: {
    ok: true,
    asOf: '2025-03-14',
    rates: [
      { currency: 'USD', name: '美元', spotBuy: 7171200, spotSell: 7201400, cashBuy: 7113000, cashSell: 7201400 },
      { currency: 'JPY', name: '日元', spotBuy: 47512, spotSell: 47861 },
    ],
  },
  customerProfile: {
    ok: true,
    customerId: 'C0004',
    kind: 'personal',
    name: '陈静',
    segment: 'private',
    vip: true,
    city: '广州',
    recentContacts: [{ date: '2025-03-12', channel: 'phone', summary: '咨询理财产品到期' }],
  },
};
