/**
 * The simulator's in-memory bank. Everything lives in memory and is rebuilt from the seed on
 * every start (and on `reset`): transfers, payments, password changes and loss reports last
 * until the process ends.
 */
import type { AccountKind, BillType, IdType, MoneyMovementResult, Transaction } from '../gateway/core-banking.js';
import type { BusinessCode } from '../gateway/business-codes.js';

export type AccountStatus = 'active' | 'frozen' | 'lost' | 'closed';
export type Segment = 'mass' | 'affluent' | 'private' | 'corporate';

export interface RecentContactRecord {
  daysAgo: number;
  channel: 'phone' | 'branch' | 'online' | 'mobile_app';
  summary: string;
}

export interface SimCustomer {
  id: string;
  kind: 'personal' | 'corporate';
  name: string;
  idType: IdType;
  idNumber: string;
  city: string;
  segment: Segment;
  vip: boolean;
  phones: string[];
  /** Signed personal customers: the number they log in with, and its password's hash. */
  signedNumber?: string;
  signedPasswordHash?: string;
  failedAttempts: number;
  recentContacts: RecentContactRecord[];
  /** Transfers and payments by idempotency key. */
  operations: Map<string, StoredOperation>;
}

export interface SimAccount {
  number: string;
  kind: AccountKind;
  customerId: string;
  currency: string;
  /** Book balance in fen. */
  balance: number;
  status: AccountStatus;
  passwordHash: string;
  failedAttempts: number;
  /** Corporate accounts: the short number used on the phone. */
  shortNumber?: string;
  /** Oldest first. */
  transactions: Transaction[];
}

export interface SimBillItem {
  period: string;
  amount: number;
  paid: boolean;
}

export interface SimBillAccount {
  type: BillType;
  billAccount: string;
  payee: string;
  items: SimBillItem[];
  /** Mobile numbers: prepaid credit in fen. */
  prepaid: number;
}

export interface StoredOperation {
  operation: 'transfer' | 'bill_payment' | 'mobile_prepay';
  /** The request's essentials; a replay must match them. */
  fingerprint: string;
  amount: number;
  result: MoneyMovementResult;
  failureCode?: BusinessCode;
}

export interface SimSession {
  token: string;
  customerId: string;
  customerClass: 'public' | 'signed_personal' | 'corporate';
  signed: boolean;
  accounts: string[];
  expiresAt: number;
}

export interface BankState {
  /** The business date, YYYY-MM-DD. */
  today: string;
  customers: Map<string, SimCustomer>;
  accounts: Map<string, SimAccount>;
  corporateByShortNumber: Map<string, string>;
  signedCustomerByNumber: Map<string, string>;
  /** Key: `${type}:${billAccount}`. */
  bills: Map<string, SimBillAccount>;
  sessions: Map<string, SimSession>;
  nextReference: number;
}

export function billKey(type: BillType, billAccount: string): string {
  return `${type}:${billAccount}`;
}
