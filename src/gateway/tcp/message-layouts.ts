/**
 * The TCP fixed-length protocol, as data: the header, the body of every request and response,
 * and the response codes. Change a bank's field widths here, not in code.
 *
 * A frame on the wire:  length prefix | header (39 bytes) | body
 *   length prefix  the byte length of header + body; ASCII digits or binary (see framing.ts)
 *   header         txCode N4 | direction AN1 (Q request, R response) | requestId N12 |
 *                  channel AN4 | sentDate date | sentTime time | respCode AN4
 *   body           requests: the operation's request layout
 *                  responses: respCode 0000 → the response layout; Bnnn → failure body;
 *                  Snnn → system-error body
 */
import type { BusinessCode } from '../business-codes.js';
import type { OperationName } from '../core-banking.js';
import type { FieldLayout, GroupField, MessageLayout, ScalarField } from './layout.js';

export const headerLayout: FieldLayout[] = [
  { name: 'txCode', type: 'N', width: 4 },
  { name: 'direction', type: 'AN', width: 1 },
  { name: 'requestId', type: 'N', width: 12 },
  { name: 'channel', type: 'AN', width: 4 },
  { name: 'sentDate', type: 'date', width: 8 },
  { name: 'sentTime', type: 'time', width: 6 },
  { name: 'respCode', type: 'AN', width: 4, optional: true },
];

/** Request ids wrap below 10^12 (the header holds 12 digits). */
export const maxRequestId = 999_999_999_999;

export const failureBodyLayout: FieldLayout[] = [
  { name: 'attemptsLeft', type: 'N', width: 2, optional: true },
  { name: 'message', type: 'AN', width: 80, optional: true, overflow: 'truncate' },
];

export const systemErrorBodyLayout: FieldLayout[] = [
  { name: 'message', type: 'AN', width: 80, optional: true, overflow: 'truncate' },
];

export const successCode = '0000';

/** System response codes: the core could not process the message at all. */
export const systemCodes = {
  /** The request could not be decoded or failed validation. */
  badRequest: 'S400',
  /** Unknown transaction code. */
  unknownTransaction: 'S404',
  /** The core failed while processing. */
  internalError: 'S500',
  /** The core is temporarily unable to serve. */
  unavailable: 'S503',
} as const;

/** Business codes on the wire. Stable: a core's tables are built on them. */
export const businessWireCodes: Record<BusinessCode, string> = {
  WRONG_PASSWORD: 'B101',
  PASSWORD_LOCKED: 'B102',
  WEAK_PASSWORD: 'B103',
  ACCOUNT_NOT_FOUND: 'B201',
  ACCOUNT_FROZEN: 'B202',
  ACCOUNT_REPORTED_LOST: 'B203',
  ACCOUNT_CLOSED: 'B204',
  SESSION_INVALID: 'B301',
  NOT_SIGNED: 'B302',
  NOT_ALLOWED: 'B303',
  INSUFFICIENT_FUNDS: 'B401',
  LIMIT_EXCEEDED: 'B402',
  SAME_ACCOUNT: 'B403',
  ID_REQUIRED: 'B501',
  ID_MISMATCH: 'B502',
  NO_SUCH_BILL: 'B601',
  BILL_ALREADY_PAID: 'B602',
  AMOUNT_MISMATCH: 'B603',
  IDEMPOTENCY_CONFLICT: 'B701',
  NO_SUCH_CUSTOMER: 'B801',
  INVALID_REQUEST: 'B901',
};

// Fields that recur. Each is a plain row of the table.
const session: ScalarField = { name: 'session', type: 'AN', width: 32 };
const account: ScalarField = { name: 'account', type: 'AN', width: 32 };
const currency: ScalarField = { name: 'currency', type: 'AN', width: 3 };
const idempotencyKey: ScalarField = { name: 'idempotencyKey', type: 'AN', width: 40 };
const amount: ScalarField = { name: 'amount', type: 'amount', width: 17 };
const count: ScalarField = { name: 'count', type: 'N', width: 2 };
const asOf: ScalarField = { name: 'asOf', type: 'date', width: 8 };

const transactionFields: ScalarField[] = [
  { name: 'date', type: 'date', width: 8 },
  { name: 'time', type: 'time', width: 6 },
  { name: 'amount', type: 'amount', width: 17 },
  { name: 'balanceAfter', type: 'amount', width: 17 },
  { name: 'summary', type: 'AN', width: 60, overflow: 'truncate' },
  { name: 'counterparty', type: 'AN', width: 60, optional: true, overflow: 'truncate' },
  { name: 'channel', type: 'AN', width: 10 },
];

const transactions: GroupField = { name: 'transactions', type: 'group', countWidth: 2, max: 10, fields: transactionFields };

const verifyResponse: FieldLayout[] = [
  session,
  { name: 'customerId', type: 'AN', width: 20 },
  { name: 'customerClass', type: 'AN', width: 16 },
  { name: 'signed', type: 'flag', width: 1 },
  {
    name: 'accounts',
    type: 'group',
    countWidth: 2,
    max: 10,
    fields: [account, { name: 'kind', type: 'AN', width: 10 }, currency],
  },
  { name: 'capabilities', type: 'list', countWidth: 2, max: 10, item: { type: 'AN', width: 24 } },
];

const moneyMovementResponse: FieldLayout[] = [
  { name: 'reference', type: 'AN', width: 24 },
  amount,
  { name: 'balanceAfter', type: 'amount', width: 17 },
  { name: 'replayed', type: 'flag', width: 1 },
];

const billRequest: ScalarField[] = [
  session,
  account,
  { name: 'billType', type: 'AN', width: 12 },
  { name: 'billAccount', type: 'AN', width: 20 },
];

export const messageLayouts: Record<OperationName, MessageLayout> = {
  verifyPassbook: {
    txCode: 1001,
    request: [account, { name: 'password', type: 'AN', width: 6 }],
    response: verifyResponse,
  },
  verifyCard: {
    txCode: 1002,
    request: [
      { name: 'cardNumber', type: 'AN', width: 19 },
      { name: 'pin', type: 'AN', width: 6 },
    ],
    response: verifyResponse,
  },
  verifySignedCustomer: {
    txCode: 1003,
    request: [
      { name: 'customerNumber', type: 'AN', width: 32 },
      { name: 'password', type: 'AN', width: 8 },
    ],
    response: verifyResponse,
  },
  verifyCorporate: {
    txCode: 1004,
    request: [
      { name: 'shortAccount', type: 'AN', width: 32 },
      { name: 'queryPassword', type: 'AN', width: 8 },
    ],
    response: verifyResponse,
  },
  balance: {
    txCode: 2001,
    request: [session, account],
    response: [
      account,
      currency,
      { name: 'ledgerBalance', type: 'amount', width: 17 },
      { name: 'availableBalance', type: 'amount', width: 17 },
    ],
  },
  recentTransactions: {
    txCode: 2002,
    request: [session, account, count],
    response: [account, transactions],
  },
  transactionsFromDate: {
    txCode: 2003,
    request: [session, account, { name: 'fromDate', type: 'date', width: 8 }, count],
    response: [account, transactions],
  },
  transactionsByAmount: {
    txCode: 2004,
    request: [session, account, amount, count],
    response: [account, transactions],
  },
  faxStatement: {
    txCode: 2005,
    request: [
      session,
      account,
      { name: 'fromDate', type: 'date', width: 8 },
      { name: 'toDate', type: 'date', width: 8, optional: true },
      { name: 'maxEntries', type: 'N', width: 3 },
    ],
    response: [
      account,
      { name: 'holderName', type: 'AN', width: 60, overflow: 'truncate' },
      currency,
      { name: 'openingBalance', type: 'amount', width: 17 },
      { name: 'closingBalance', type: 'amount', width: 17 },
      { name: 'entries', type: 'group', countWidth: 3, max: 100, fields: transactionFields },
      { name: 'truncated', type: 'flag', width: 1 },
    ],
  },
  changePassword: {
    txCode: 3001,
    request: [
      session,
      account,
      { name: 'oldPassword', type: 'AN', width: 8 },
      { name: 'newPassword', type: 'AN', width: 8 },
    ],
    response: [account],
  },
  reportLoss: {
    txCode: 3002,
    request: [
      account,
      { ...session, optional: true },
      { name: 'idType', type: 'AN', width: 16, optional: true },
      { name: 'idNumber', type: 'AN', width: 32, optional: true },
    ],
    response: [account, { name: 'reference', type: 'AN', width: 24 }, { name: 'validUntil', type: 'date', width: 8 }],
  },
  transfer: {
    txCode: 4001,
    request: [
      session,
      { name: 'fromAccount', type: 'AN', width: 32 },
      { name: 'toAccount', type: 'AN', width: 32 },
      amount,
      idempotencyKey,
    ],
    response: moneyMovementResponse,
  },
  queryBill: {
    txCode: 4101,
    request: billRequest,
    response: [
      { name: 'billType', type: 'AN', width: 12 },
      { name: 'billAccount', type: 'AN', width: 20 },
      { name: 'payee', type: 'AN', width: 40, overflow: 'truncate' },
      {
        name: 'items',
        type: 'group',
        countWidth: 2,
        max: 12,
        fields: [{ name: 'period', type: 'AN', width: 7 }, amount],
      },
      { name: 'totalDue', type: 'amount', width: 17 },
    ],
  },
  payBill: {
    txCode: 4102,
    request: [...billRequest, amount, idempotencyKey],
    response: moneyMovementResponse,
  },
  mobilePrepay: {
    txCode: 4103,
    request: [session, account, { name: 'mobile', type: 'AN', width: 20 }, amount, idempotencyKey],
    response: moneyMovementResponse,
  },
  operationStatus: {
    txCode: 4901,
    request: [session, idempotencyKey],
    response: [
      { name: 'found', type: 'flag', width: 1 },
      { name: 'operation', type: 'AN', width: 16, optional: true },
      { name: 'status', type: 'AN', width: 10, optional: true },
      { name: 'failureCode', type: 'AN', width: 24, optional: true },
      { name: 'reference', type: 'AN', width: 24, optional: true },
      { ...amount, optional: true },
    ],
  },
  interestRates: {
    txCode: 5001,
    request: [],
    response: [
      asOf,
      {
        name: 'rates',
        type: 'group',
        countWidth: 2,
        max: 30,
        fields: [
          { name: 'code', type: 'AN', width: 12 },
          { name: 'name', type: 'AN', width: 40, overflow: 'truncate' },
          { name: 'termMonths', type: 'N', width: 3 },
          { name: 'annualRatePpm', type: 'N', width: 9 },
        ],
      },
    ],
  },
  exchangeRates: {
    txCode: 5002,
    request: [],
    response: [
      asOf,
      {
        name: 'rates',
        type: 'group',
        countWidth: 2,
        max: 30,
        fields: [
          currency,
          { name: 'name', type: 'AN', width: 20, overflow: 'truncate' },
          { name: 'spotBuy', type: 'N', width: 12 },
          { name: 'spotSell', type: 'N', width: 12 },
          { name: 'cashBuy', type: 'N', width: 12, optional: true },
          { name: 'cashSell', type: 'N', width: 12, optional: true },
        ],
      },
    ],
  },
  customerProfile: {
    txCode: 6001,
    request: [
      { name: 'callerNumber', type: 'AN', width: 20, optional: true },
      { ...account, optional: true },
    ],
    response: [
      { name: 'customerId', type: 'AN', width: 20 },
      { name: 'kind', type: 'AN', width: 10 },
      { name: 'name', type: 'AN', width: 60, overflow: 'truncate' },
      { name: 'segment', type: 'AN', width: 10 },
      { name: 'vip', type: 'flag', width: 1 },
      { name: 'city', type: 'AN', width: 20, overflow: 'truncate' },
      {
        name: 'recentContacts',
        type: 'group',
        countWidth: 2,
        max: 10,
        fields: [
          { name: 'date', type: 'date', width: 8 },
          { name: 'channel', type: 'AN', width: 12 },
          { name: 'summary', type: 'AN', width: 60, overflow: 'truncate' },
        ],
      },
    ],
  },
};
