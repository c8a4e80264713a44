/**
 * Builds the simulator's bank from the demo customers and a seed: the same seed and business
 * date give the same accounts, histories and bills every time. Secrets are hashed here.
 */
import type { Transaction } from '../gateway/core-banking.js';
import { billKey, type BankState, type SimAccount, type SimBillAccount, type SimCustomer } from './bank-state.js';
import { addDays, dayOfMonth, monthBefore, monthOf } from './dates.js';
import { byAmountAnchors, demoCustomers, type DemoCustomer, type HistoryStyle } from './demo-customers.js';
import { hashSecret } from './password-hash.js';
import { seededRandom, type Random } from '../random/seeded-random.js';
import { deriveSeed, pick, randomInt } from './seeded-random.js';

export interface SeedOptions {
  seed: number;
  /** Business date, YYYY-MM-DD. History ends the day before; bills are for the months before. */
  today: string;
  /** Days of history per account. Default 180. */
  historyDays?: number;
  customers?: DemoCustomer[];
}

export function yuanToFen(yuan: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!match) throw new Error(`not an amount in yuan: ${yuan}`);
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
}

export async function seedBank(options: SeedOptions): Promise<BankState> {
  const state: BankState = {
    today: options.today,
    customers: new Map(),
    accounts: new Map(),
    corporateByShortNumber: new Map(),
    signedCustomerByNumber: new Map(),
    bills: new Map(),
    sessions: new Map(),
    nextReference: 1,
  };
  const historyDays = options.historyDays ?? 180;
  const hashing: Promise<void>[] = [];

  for (const demo of options.customers ?? demoCustomers) {
    const customer: SimCustomer = {
      id: demo.id,
      kind: demo.kind,
      name: demo.name,
      idType: demo.idType,
      idNumber: demo.idNumber,
      city: demo.city,
      segment: demo.segment,
      vip: demo.vip,
      phones: [...demo.phones],
      failedAttempts: 0,
      recentContacts: demo.recentContacts.map((c) => ({ ...c })),
      operations: new Map(),
    };
    if (demo.signed) {
      customer.signedNumber = demo.signed.number;
      state.signedCustomerByNumber.set(demo.signed.number, demo.id);
      hashing.push(hashSecret(demo.signed.password).then((hash) => void (customer.signedPasswordHash = hash)));
    }
    state.customers.set(demo.id, customer);

    for (const spec of demo.accounts) {
      const random = seededRandom(deriveSeed(options.seed, spec.number));
      const anchors = spec.kind === 'corporate' && spec.shortNumber === '80001' ? byAmountAnchors : [];
      const account: SimAccount = {
        number: spec.number,
        kind: spec.kind,
        customerId: demo.id,
        currency: 'CNY',
        balance: yuanToFen(spec.balanceYuan),
        status: spec.status ?? 'active',
        passwordHash: '',
        failedAttempts: 0,
        transactions: [],
      };
      if (spec.shortNumber) {
        account.shortNumber = spec.shortNumber;
        state.corporateByShortNumber.set(spec.shortNumber, spec.number);
      }
      account.transactions = history(random, spec.history, options.today, historyDays, account.balance, anchors);
      state.accounts.set(spec.number, account);
      hashing.push(hashSecret(spec.password).then((hash) => void (account.passwordHash = hash)));
    }

    for (const bill of demo.bills ?? []) {
      const owed = bill.owedYuan;
      const items = owed.map((yuan, index) => ({
        period: monthBefore(options.today, owed.length - index),
        amount: yuanToFen(yuan),
        paid: false,
      }));
      // A paid month before the owed ones, so "nothing owed" and "owed" both have history.
      items.unshift({ period: monthBefore(options.today, owed.length + 1), amount: yuanToFen('50.00'), paid: true });
      const record: SimBillAccount = { type: bill.type, billAccount: bill.billAccount, payee: bill.payee, items, prepaid: 0 };
      state.bills.set(billKey(bill.type, bill.billAccount), record);
    }
  }
  await Promise.all(hashing);
  return state;
}

interface Draft {
  date: string;
  time: string;
  amount: number;
  summary: string;
  counterparty?: string;
  channel: Transaction['channel'];
}

const merchants = ['永辉超市', '京东商城', '中国石化加油站', '美团外卖', '华润万家', '星巴克咖啡', '国美电器'];
const people = ['李明', '王强', '刘芳', '陈晓红', '周杰', '吴敏'];
const employers = ['北京星辰科技有限公司', '广州南方物流有限公司', '上海浦江投资有限公司'];
const companies = ['天津华北物流有限公司', '河北钢联贸易有限公司', '山东鲁中食品有限公司', '江苏苏南电子有限公司', '浙江之江包装有限公司'];

/** A plausible history ending at `finalBalance`, never below zero on the way. */
function history(
  random: Random,
  style: HistoryStyle,
  today: string,
  days: number,
  finalBalance: number,
  anchors: typeof byAmountAnchors,
): Transaction[] {
  const drafts: Draft[] = [];
  const yuan = (min: number, max: number) => randomInt(random, min * 100, max * 100);
  const time = () => `${String(randomInt(random, 8, 21)).padStart(2, '0')}:${String(randomInt(random, 0, 59)).padStart(2, '0')}:${String(randomInt(random, 0, 59)).padStart(2, '0')}`;
  const scale = style === 'wealthy' ? 5 : style === 'modest' ? 0.3 : 1;

  for (let back = days; back >= 1; back--) {
    const date = addDays(today, -back);
    const day = dayOfMonth(date);
    if (style !== 'corporate' && day === 10 && style !== 'modest') {
      drafts.push({ date, time: '09:00:00', amount: Math.round(yuan(8000, 15000) * scale), summary: '工资', counterparty: pick(random, employers), channel: 'transfer' });
    }
    if (day === 21 && monthOf(date) % 3 === 0) {
      drafts.push({ date, time: '00:30:00', amount: randomInt(random, 100, 5000), summary: '结息', channel: 'interest' });
    }
    const perDay = style === 'corporate' ? 0.7 : 0.3;
    if (random() >= perDay) continue;
    if (style === 'corporate') {
      const credit = random() < 0.5;
      drafts.push({
        date,
        time: time(),
        amount: credit ? yuan(3000, 90000) : -yuan(2000, 60000),
        summary: credit ? '货款' : pick(random, ['付材料款', '代发工资', '缴税', '付房租']),
        counterparty: pick(random, companies),
        channel: 'transfer',
      });
      continue;
    }
    const kind = random();
    if (kind < 0.45) {
      drafts.push({ date, time: time(), amount: -Math.round(yuan(15, 800) * scale), summary: '消费', counterparty: pick(random, merchants), channel: 'pos' });
    } else if (kind < 0.65) {
      drafts.push({ date, time: time(), amount: -Math.round(yuan(1, 20) * 100 * scale), summary: 'ATM取款', channel: 'atm' });
    } else if (kind < 0.8) {
      drafts.push({ date, time: time(), amount: -Math.round(yuan(100, 3000) * scale), summary: '转账支出', counterparty: pick(random, people), channel: 'online' });
    } else if (kind < 0.9) {
      drafts.push({ date, time: time(), amount: Math.round(yuan(200, 5000) * scale), summary: '转账存入', counterparty: pick(random, people), channel: 'online' });
    } else {
      drafts.push({ date, time: time(), amount: -yuan(60, 400), summary: '代缴电费', counterparty: '国家电网', channel: 'payment' });
    }
  }
  for (const anchor of anchors) {
    drafts.push({ date: addDays(today, -anchor.daysAgo), time: '10:15:00', amount: yuanToFen(anchor.yuan), summary: anchor.summary, counterparty: anchor.counterparty, channel: 'transfer' });
  }
  drafts.sort((a, b) => (a.date + a.time).localeCompare(b.date + b.time));

  // Walk back from the final balance: the balance before each entry is the one after it less
  // its amount. A credit larger than the balance after it would mean an overdraft before it,
  // so such credits are left out of the story.
  const kept: Draft[] = [];
  let before = finalBalance;
  for (let i = drafts.length - 1; i >= 0; i--) {
    const draft = drafts[i] as Draft;
    if (draft.amount > before) continue;
    before -= draft.amount;
    kept.unshift(draft);
  }
  let balance = before;
  return kept.map((draft) => {
    balance += draft.amount;
    const transaction: Transaction = {
      date: draft.date,
      time: draft.time,
      amount: draft.amount,
      balanceAfter: balance,
      summary: draft.summary,
      channel: draft.channel,
    };
    if (draft.counterparty !== undefined) transaction.counterparty = draft.counterparty;
    return transaction;
  });
}
