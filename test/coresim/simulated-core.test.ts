/** The simulator's bank rules and seeded data, in-process. */
import test from 'ava';
import { demoCustomers } from '../../src/coresim/demo-customers.js';
import { seedBank, yuanToFen } from '../../src/coresim/seed-bank.js';
import { SimulatedCore } from '../../src/coresim/simulated-core.js';

const today = '2025-03-14';

async function core(options: Parameters<typeof SimulatedCore.create>[0] = {}) {
  return SimulatedCore.create({ today, ...options });
}

async function login(sim: SimulatedCore, cardNumber: string, pin: string): Promise<string> {
  const result = await sim.verifyCard({ cardNumber, pin });
  if (!result.ok) throw new Error(result.code);
  return result.session;
}

test('the same seed and date give the same bank; another seed another history', async (t) => {
  const a = await seedBank({ seed: 7, today });
  const b = await seedBank({ seed: 7, today });
  const c = await seedBank({ seed: 8, today });
  const history = (state: typeof a) => [...state.accounts.values()].map((x) => x.transactions);
  t.deepEqual(history(a), history(b));
  t.notDeepEqual(history(a), history(c));
});

test('histories span months, chain their balances, never go negative and end at the demo balance', async (t) => {
  const state = await seedBank({ seed: 20250314, today });
  for (const demo of demoCustomers) {
    for (const spec of demo.accounts) {
      const account = state.accounts.get(spec.number);
      if (!account) return t.fail(spec.number);
      const txs = account.transactions;
      t.true(txs.length > 10, `${spec.number}: ${txs.length} entries`);
      t.true((txs[0]?.date ?? today) < '2024-11-01', `${spec.number} starts ${txs[0]?.date}`);
      t.true(txs.every((x) => x.date < today));
      for (let i = 1; i < txs.length; i++) {
        t.is(txs[i]?.balanceAfter, (txs[i - 1]?.balanceAfter ?? 0) + (txs[i]?.amount ?? 0));
      }
      t.true(txs.every((x) => x.balanceAfter >= 0));
      t.is(txs.at(-1)?.balanceAfter, yuanToFen(spec.balanceYuan));
      t.is(account.balance, yuanToFen(spec.balanceYuan));
    }
  }
});

test('PINs and passwords are held only as salted scrypt hashes', async (t) => {
  const state = await seedBank({ seed: 1, today });
  const hashes = [...state.accounts.values()].map((a) => a.passwordHash);
  hashes.push(...[...state.customers.values()].flatMap((c) => (c.signedPasswordHash ? [c.signedPasswordHash] : [])));
  t.true(hashes.every((h) => /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/.test(h)));
  t.is(new Set(hashes).size, hashes.length, 'salted: even equal secrets hash differently');
  const keys = JSON.stringify([...state.accounts.values(), ...state.customers.values()], (_k, v: unknown) => (v instanceof Map ? [...v] : v));
  t.false(/"(password|pin|queryPassword)"/.test(keys));
});

test('three wrong PINs lock the account, with the attempts left counted down', async (t) => {
  const sim = await core();
  const card = '6222020000000003';
  t.deepEqual(await sim.verifyCard({ cardNumber: card, pin: '000000' }), { ok: false, code: 'WRONG_PASSWORD', attemptsLeft: 2 });
  t.deepEqual(await sim.verifyCard({ cardNumber: card, pin: '000001' }), { ok: false, code: 'WRONG_PASSWORD', attemptsLeft: 1 });
  t.deepEqual(await sim.verifyCard({ cardNumber: card, pin: '000002' }), { ok: false, code: 'PASSWORD_LOCKED' });
  t.deepEqual(await sim.verifyCard({ cardNumber: card, pin: '333333' }), { ok: false, code: 'PASSWORD_LOCKED' });
  await sim.reset();
  t.like(await sim.verifyCard({ cardNumber: card, pin: '333333' }), { ok: true });
});

test('a correct PIN resets the wrong-attempt count', async (t) => {
  const sim = await core();
  const card = '6222020000000001';
  await sim.verifyCard({ cardNumber: card, pin: '000000' });
  await sim.verifyCard({ cardNumber: card, pin: '000000' });
  t.like(await sim.verifyCard({ cardNumber: card, pin: '111111' }), { ok: true });
  t.like(await sim.verifyCard({ cardNumber: card, pin: '000000' }), { attemptsLeft: 2 });
});

test('a frozen account can be queried but pays nothing', async (t) => {
  const sim = await core();
  const passbook = await sim.verifyPassbook({ account: '1001200030004002', password: '654321' });
  if (!passbook.ok) return t.fail(passbook.code);
  t.like(await sim.balance({ session: passbook.session, account: '1001200030004002' }), { ok: true, ledgerBalance: 3_000_000, availableBalance: 0 });
});

test('sessions are bound to their accounts and expire when idle', async (t) => {
  let now = Date.UTC(2025, 2, 14, 2);
  const sim = await core({ now: () => now, sessionIdleMs: 60_000 });
  const s = await login(sim, '6222020000000001', '111111');
  t.like(await sim.balance({ session: s, account: '6222020000000004' }), { ok: false, code: 'SESSION_INVALID' });
  now += 59_000;
  t.like(await sim.balance({ session: s, account: '6222020000000001' }), { ok: true });
  now += 59_000;
  t.like(await sim.balance({ session: s, account: '6222020000000001' }), { ok: true }, 'use keeps it alive');
  now += 60_000;
  t.like(await sim.balance({ session: s, account: '6222020000000001' }), { ok: false, code: 'SESSION_INVALID' });
});

test('transactions by amount match ±5% exactly at the edges', async (t) => {
  const sim = await core();
  const corp = await sim.verifyCorporate({ shortAccount: '80001', queryPassword: '888888' });
  if (!corp.ok) return t.fail(corp.code);
  const account = '110060149018000123456';
  const find = async (amount: number) => {
    const r = await sim.transactionsByAmount({ session: corp.session, account, amount });
    return r.ok ? r.transactions.filter((x) => x.time === '10:15:00').map((x) => x.amount) : r.code;
  };
  // |x| × 100 within [A × 95, A × 105]: 11,600.00 matches up to A = 1,221,052; 13,000.00 from A = 1,238,096.
  t.deepEqual(await find(1_221_052), [1_200_000, -1_160_000, 1_258_000]);
  t.deepEqual(await find(1_221_053), [1_200_000, 1_258_000]);
  t.deepEqual(await find(1_238_095), [1_200_000, 1_258_000]);
  t.deepEqual(await find(1_238_096), [1_200_000, 1_258_000, -1_300_000]);
});

test('fax statement limits, order and balances', async (t) => {
  const sim = await core();
  const s = await login(sim, '6222020000000001', '111111');
  const account = '6222020000000001';
  const all = sim.inspectAccount(account)?.transactions ?? [];
  const short = await sim.faxStatement({ session: s, account, fromDate: '2025-02-01', maxEntries: 3 });
  if (!short.ok) return t.fail(short.code);
  const inRange = all.filter((x) => x.date >= '2025-02-01');
  t.deepEqual(short.entries, inRange.slice(0, 3));
  t.is(short.truncated, inRange.length > 3);
  const empty = await sim.faxStatement({ session: s, account, fromDate: '2025-03-14' });
  t.like(empty, { ok: true, entries: [], truncated: false, openingBalance: 520_000, closingBalance: 520_000 });
  t.like(await sim.faxStatement({ session: s, account, fromDate: '2025-03-01', toDate: '2025-02-01' }), { ok: false, code: 'INVALID_REQUEST' });
});

test('recent transactions exclude today: a transfer made today is not among them', async (t) => {
  const sim = await core();
  const s = await login(sim, '6222020000000004', '444444');
  const before = await sim.recentTransactions({ session: s, account: '6222020000000004', count: 10 });
  await sim.transfer({ session: s, fromAccount: '6222020000000004', toAccount: '6222020000000001', amount: 100, idempotencyKey: 'today-0001' });
  t.deepEqual(await sim.recentTransactions({ session: s, account: '6222020000000004', count: 10 }), before);
  const fromToday = await sim.transactionsFromDate({ session: s, account: '6222020000000004', fromDate: today });
  t.like(fromToday, { ok: true, transactions: [{ date: today, amount: -100, summary: '转账支出' }] });
});

test('transfer limits and payee checks', async (t) => {
  const sim = await core();
  const s = await login(sim, '6222020000000007', '777777');
  const transfer = (toAccount: string, amount: number, key: string) =>
    sim.transfer({ session: s, fromAccount: '6222020000000007', toAccount, amount, idempotencyKey: key });
  t.like(await transfer('6222020000000001', 5_000_001, 'limit-0001'), { ok: false, code: 'LIMIT_EXCEEDED' });
  t.like(await transfer('6222020000000001', 5_000_000, 'limit-0002'), { ok: true });
  t.like(await transfer('6222020000000007', 100, 'limit-0003'), { ok: false, code: 'SAME_ACCOUNT' });
  t.like(await transfer('6222029999999999', 100, 'limit-0004'), { ok: false, code: 'ACCOUNT_NOT_FOUND' });
  t.like(await transfer('6222020000000002', 100, 'limit-0005'), { ok: true }, 'a card reported lost can still receive');
});

test('a refused money movement is stored under its key too, and reported as failed', async (t) => {
  const sim = await core();
  const s = await login(sim, '6222020000000006', '666666');
  const request = { session: s, fromAccount: '6222020000000006', toAccount: '6222020000000004', amount: 999_999, idempotencyKey: 'poor-0001' };
  t.like(await sim.transfer(request), { ok: false, code: 'INSUFFICIENT_FUNDS' });
  t.like(await sim.transfer(request), { ok: false, code: 'INSUFFICIENT_FUNDS' });
  t.deepEqual(await sim.operationStatus({ session: s, idempotencyKey: 'poor-0001' }), {
    ok: true,
    found: true,
    operation: 'transfer',
    status: 'failed',
    failureCode: 'INSUFFICIENT_FUNDS',
    amount: 999_999,
  });
  t.like(await sim.payBill({ session: s, account: '6222020000000006', billType: 'mobile', billAccount: '13700137000', amount: 15_800, idempotencyKey: 'poor-0001' }), {
    ok: false,
    code: 'IDEMPOTENCY_CONFLICT',
  });
});

test('concurrent replays of one transfer move money once', async (t) => {
  const sim = await core();
  const s = await login(sim, '6222020000000004', '444444');
  const request = { session: s, fromAccount: '6222020000000004', toAccount: '6222020000000005', amount: 1_000, idempotencyKey: 'race-0001' };
  const results = await Promise.all(Array.from({ length: 10 }, () => sim.transfer(request)));
  t.is(results.filter((r) => r.ok && !r.replayed).length, 1);
  t.is(sim.inspectAccount('6222020000000004')?.balance, 8_600_000 - 1_000);
});

test('corporate customers may not pay bills, public customers may not transfer or pay', async (t) => {
  const sim = await core();
  const corp = await sim.verifyCorporate({ shortAccount: '80001', queryPassword: '888888' });
  if (!corp.ok) return t.fail(corp.code);
  t.like(await sim.queryBill({ session: corp.session, account: '110060149018000123456', billType: 'mobile', billAccount: '13900139000' }), {
    ok: false,
    code: 'NOT_ALLOWED',
  });
  const pub = await login(sim, '6222021234567890123', '135790');
  t.like(await sim.mobilePrepay({ session: pub, account: '6222021234567890123', mobile: '13900139000', amount: 5_000, idempotencyKey: 'pub-0001' }), {
    ok: false,
    code: 'NOT_SIGNED',
  });
  t.like(await sim.reportLoss({ account: '110060149018000123456', idType: 'other', idNumber: '91110105MA01ABCD2X' }), { ok: false, code: 'NOT_ALLOWED' });
});

test('the signed customer login covers all personal accounts; wrong passwords lock it', async (t) => {
  const sim = await core();
  t.like(await sim.verifySignedCustomer({ customerNumber: '88000009', password: '12345678' }), { ok: false, code: 'NO_SUCH_CUSTOMER' });
  t.like(await sim.verifySignedCustomer({ customerNumber: '88000002', password: '00000000' }), { ok: false, code: 'WRONG_PASSWORD', attemptsLeft: 2 });
  const ok = await sim.verifySignedCustomer({ customerNumber: '88000002', password: '13572468' });
  t.like(ok, { ok: true, customerClass: 'signed_personal', signed: true, accounts: [{ account: '6222020000000006' }] });
  t.true(ok.ok && ok.capabilities.includes('transfer'));
});

test('invalid requests are refused with INVALID_REQUEST naming the fields', async (t) => {
  const sim = await core();
  t.like(await sim.verifyCard({ cardNumber: '12', pin: 'abcdef' }), { ok: false, code: 'INVALID_REQUEST', message: 'invalid cardNumber, pin' });
  t.like(await sim.customerProfile({}), { ok: false, code: 'INVALID_REQUEST' });
});

test('profiles by caller number or account, with contact dates relative to the business date', async (t) => {
  const sim = await core();
  t.like(await sim.customerProfile({ account: '6222020000000005' }), { ok: true, customerId: 'C0004', name: '陈静', vip: true });
  t.like(await sim.customerProfile({ callerNumber: '02088886666' }), { ok: true, customerId: 'C0004', recentContacts: [{ date: '2025-03-12' }, { date: '2025-02-22' }] });
  t.like(await sim.customerProfile({ callerNumber: '13612345678' }), { ok: true, customerId: 'C0007', vip: false, recentContacts: [] });
});
