/**
 * The HTTP/JSON protocol: one POST path per operation. Bodies are the operation's request and
 * result as JSON (secrets travel in bodies, never in URLs). Status 200 carries every result,
 * business "no" included; 4xx means the request was not understood; 5xx is a core failure.
 * Errors have the body `{ "error": { "code": "...", "message": "..." } }`.
 */
import type { OperationName } from '../core-banking.js';

export const httpRoutes: Readonly<Record<OperationName, string>> = {
  verifyPassbook: '/core/v1/auth/passbook',
  verifyCard: '/core/v1/auth/card',
  verifySignedCustomer: '/core/v1/auth/signed-customer',
  verifyCorporate: '/core/v1/auth/corporate',
  balance: '/core/v1/accounts/balance',
  recentTransactions: '/core/v1/accounts/transactions/recent',
  transactionsFromDate: '/core/v1/accounts/transactions/from-date',
  transactionsByAmount: '/core/v1/accounts/transactions/by-amount',
  faxStatement: '/core/v1/accounts/statement',
  changePassword: '/core/v1/accounts/password',
  reportLoss: '/core/v1/accounts/loss-report',
  transfer: '/core/v1/payments/transfer',
  queryBill: '/core/v1/bills/query',
  payBill: '/core/v1/bills/pay',
  mobilePrepay: '/core/v1/bills/mobile-prepay',
  operationStatus: '/core/v1/payments/status',
  interestRates: '/core/v1/rates/interest',
  exchangeRates: '/core/v1/rates/exchange',
  customerProfile: '/core/v1/customers/profile',
};

/** Header carrying the gateway's request id (also the transaction-log id). */
export const requestIdHeader = 'x-request-id';
