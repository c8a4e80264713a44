/** Every operation through both adapters against the simulator. */
import test, { type ExecutionContext } from 'ava';
import { startCoreSim, type CoreSimHandle } from '../../src/coresim/core-sim.js';
import { createHttpCoreBanking, createTcpCoreBanking } from '../../src/gateway/create-core-banking.js';
import type { GatewayClient } from '../../src/gateway/gateway-client.js';
import type { TextEncodingName } from '../../src/gateway/tcp/text-encoding.js';
import { MemoryTransactionLogSink } from '../../src/gateway/transaction-log.js';

const today = '2025-03-14';
type Variant = { name: string; adapter: 'http' | 'tcp'; encoding: TextEncodingName };
const variants: Variant[] = [
  { name: 'tcp/gb18030', adapter: 'tcp', encoding: 'gb18030' },
  { name: 'tcp/utf8', adapter: 'tcp', encoding: 'utf8' },
  { name: 'http', adapter: 'http', encoding: 'utf8' },
];

// These tests are about answers, not speed: a generous budget keeps a busy machine from failing them.
const defaultTimeoutMs = 30_000;

function connect(sim: CoreSimHandle, variant: Variant, log = new MemoryTransactionLogSink()): GatewayClient {
  return variant.adapter === 'tcp'
    ? createTcpCoreBanking({ host: sim.host, port: sim.tcpPort, encoding: variant.encoding, transactionLog: log, defaultTimeoutMs, connectTimeoutMs: defaultTimeoutMs })
    : createHttpCoreBanking({ host: sim.host, port: sim.httpPort, transactionLog: log, defaultTimeoutMs });
}

async function withGateway(t: ExecutionContext, variant: Variant, fn: (gw: GatewayClient, sim: CoreSimHandle) => Promise<void>) {
  const sim = await startCoreSim({ today, encoding: variant.encoding, onProtocolError: (r) => t.log(r.message) });
  const gw = connect(sim, variant);
  try {
    await fn(gw, sim);
  } finally {
    await gw.close();
    await sim.close();
  }
}

async function session(gw: GatewayClient, cardNumber: string, pin: string): Promise<string> {
  const result = await gw.verifyCard({ cardNumber, pin });
  if (!result.ok) throw new Error(`verify ${cardNumber.slice(-4)}: ${result.code}`);
  return result.session;
}

for (const variant of variants) {
  test(`${variant.name}: identification of every customer class`, (t) =>
    withGateway(t, variant, async (gw) => {
      const passbook = await gw.verifyPassbook({ account: '1001200030004001', password: '123456' });
      t.like(passbook, { ok: true, customerClass: 'public', signed: false, customerId: 'C0001' });
      t.true(passbook.ok && !passbook.capabilities.includes('transfer'));

      const card = await gw.verifyCard({ cardNumber: '6222021234567890123', pin: '135790' });
      t.like(card, { ok: true, customerClass: 'public', accounts: [{ account: '6222021234567890123', kind: 'card', currency: 'CNY' }] });

      const signedCard = await gw.verifyCard({ cardNumber: '6222020000000004', pin: '444444' });
      t.like(signedCard, { ok: true, customerClass: 'signed_personal', signed: true });
      t.true(signedCard.ok && signedCard.capabilities.includes('transfer') && signedCard.capabilities.includes('bill_payment'));

      const signed = await gw.verifySignedCustomer({ customerNumber: '88000001', password: '24681357' });
      t.true(signed.ok);
      t.deepEqual(signed.ok && signed.accounts.map((a) => a.account).sort(), ['1001200030004004', '6222020000000004', '6222020000000005']);

      const corporate = await gw.verifyCorporate({ shortAccount: '80001', queryPassword: '888888' });
      t.like(corporate, { ok: true, customerClass: 'corporate', accounts: [{ account: '110060149018000123456', kind: 'corporate' }] });
      t.true(corporate.ok && corporate.capabilities.includes('transactions_by_amount'));

      t.deepEqual(await gw.verifyCard({ cardNumber: '6222020000000003', pin: '000000' }), { ok: false, code: 'WRONG_PASSWORD', attemptsLeft: 2 });
      t.like(await gw.verifyCard({ cardNumber: '6222020000000002', pin: '222222' }), { ok: false, code: 'ACCOUNT_REPORTED_LOST' });
      t.like(await gw.verifyPassbook({ account: '6222020000000001', password: '111111' }), { ok: false, code: 'ACCOUNT_NOT_FOUND' });
      t.like(await gw.verifyCorporate({ shortAccount: '80009', queryPassword: '888888' }), { ok: false, code: 'ACCOUNT_NOT_FOUND' });
    }));

  test(`${variant.name}: balance and the three transaction queries`, (t) =>
    withGateway(t, variant, async (gw, sim) => {
      const card = '6222020000000004';
      const s = await session(gw, card, '444444');
      t.deepEqual(await gw.balance({ session: s, account: card }), {
        ok: true,
        account: card,
        currency: 'CNY',
        ledgerBalance: 8_600_000,
        availableBalance: 8_600_000,
      });

      const recent = await gw.recentTransactions({ session: s, account: card });
      if (!recent.ok) return t.fail(recent.code);
      t.is(recent.transactions.length, 10);
      t.true(recent.transactions.every((x) => x.date < today));
      const history = sim.core.inspectAccount(card)?.transactions ?? [];
      t.deepEqual(recent.transactions, history.slice(-10).reverse(), 'newest first');

      const fromDate = await gw.transactionsFromDate({ session: s, account: card, fromDate: '2025-01-01', count: 5 });
      if (!fromDate.ok) return t.fail(fromDate.code);
      t.deepEqual(fromDate.transactions, history.filter((x) => x.date >= '2025-01-01').slice(0, 5), 'oldest first');

      t.like(await gw.transactionsByAmount({ session: s, account: card, amount: 100 }), { ok: false, code: 'NOT_ALLOWED' });
      const corp = await gw.verifyCorporate({ shortAccount: '80001', queryPassword: '888888' });
      if (!corp.ok) return t.fail(corp.code);
      const byAmount = await gw.transactionsByAmount({ session: corp.session, account: '110060149018000123456', amount: 1_200_000 });
      if (!byAmount.ok) return t.fail(byAmount.code);
      const anchors = byAmount.transactions.filter((x) => x.time === '10:15:00').map((x) => x.amount);
      t.deepEqual(anchors, [1_200_000, -1_160_000, 1_258_000], 'within ±5%, newest first; -13,000.00 is outside');
      t.true(byAmount.transactions.every((x) => Math.abs(x.amount) >= 1_140_000 && Math.abs(x.amount) <= 1_260_000));
    }));

  test(`${variant.name}: fax statement of up to 100 entries, oldest first`, (t) =>
    withGateway(t, variant, async (gw, sim) => {
      const corp = await gw.verifyCorporate({ shortAccount: '80001', queryPassword: '888888' });
      if (!corp.ok) return t.fail(corp.code);
      const account = '110060149018000123456';
      const statement = await gw.faxStatement({ session: corp.session, account, fromDate: '2024-09-01' });
      if (!statement.ok) return t.fail(statement.code);
      const history = sim.core.inspectAccount(account)?.transactions ?? [];
      const inRange = history.filter((x) => x.date >= '2024-09-01');
      t.true(inRange.length > 100, 'the seed makes more than 100 corporate entries');
      t.is(statement.entries.length, 100);
      t.true(statement.truncated);
      t.deepEqual(statement.entries, inRange.slice(0, 100));
      t.is(statement.holderName, '北京天禾商贸有限公司');
      const first = statement.entries[0];
      t.is(statement.openingBalance, (first?.balanceAfter ?? 0) - (first?.amount ?? 0));
      t.true(statement.closingBalance === statement.entries[99]?.balanceAfter);
    }));

  test(`${variant.name}: change password needs the old one; the new one works after`, (t) =>
    withGateway(t, variant, async (gw) => {
      const card = '6222020000000001';
      const s = await session(gw, card, '111111');
      t.like(await gw.changePassword({ session: s, account: card, oldPassword: '999999', newPassword: '480913' }), {
        ok: false,
        code: 'WRONG_PASSWORD',
        attemptsLeft: 2,
      });
      t.like(await gw.changePassword({ session: s, account: card, oldPassword: '111111', newPassword: '123456' }), { ok: false, code: 'WEAK_PASSWORD' });
      t.deepEqual(await gw.changePassword({ session: s, account: card, oldPassword: '111111', newPassword: '480913' }), { ok: true, account: card });
      t.like(await gw.verifyCard({ cardNumber: card, pin: '111111' }), { ok: false, code: 'WRONG_PASSWORD' });
      t.like(await gw.verifyCard({ cardNumber: card, pin: '480913' }), { ok: true });
    }));

  test(`${variant.name}: verbal loss report, with ID for public customers and without for signed ones`, (t) =>
    withGateway(t, variant, async (gw) => {
      t.like(await gw.reportLoss({ account: '6222020000000003' }), { ok: false, code: 'ID_REQUIRED' });
      t.like(await gw.reportLoss({ account: '6222020000000003', idType: 'resident_id', idNumber: '310101199205155670' }), { ok: false, code: 'ID_MISMATCH' });
      const lost = await gw.reportLoss({ account: '6222020000000003', idType: 'resident_id', idNumber: '31010119920515567x' });
      t.like(lost, { ok: true, account: '6222020000000003', validUntil: '2025-03-19' });
      t.regex(lost.ok ? lost.reference : '', /^GS20250314\d{8}$/);
      t.like(await gw.verifyCard({ cardNumber: '6222020000000003', pin: '333333' }), { ok: false, code: 'ACCOUNT_REPORTED_LOST' });

      const signed = await gw.verifySignedCustomer({ customerNumber: '88000001', password: '24681357' });
      if (!signed.ok) return t.fail(signed.code);
      t.like(await gw.reportLoss({ account: '6222020000000005', session: signed.session }), { ok: true });
    }));

  test(`${variant.name}: a transfer moves money between both accounts`, (t) =>
    withGateway(t, variant, async (gw, sim) => {
      const from = '6222020000000004';
      const to = '6222020000000001';
      const s = await session(gw, from, '444444');
      const toSession = await session(gw, to, '111111');
      const result = await gw.transfer({ session: s, fromAccount: from, toAccount: to, amount: 1_234_56, idempotencyKey: 'ivr-transfer-0001' });
      t.like(result, { ok: true, amount: 1_234_56, balanceAfter: 8_600_000 - 1_234_56, replayed: false });
      t.like(await gw.balance({ session: s, account: from }), { ok: true, ledgerBalance: 8_600_000 - 1_234_56 });
      t.like(await gw.balance({ session: toSession, account: to }), { ok: true, ledgerBalance: 520_000 + 1_234_56 });
      const last = sim.core.inspectAccount(to)?.transactions.at(-1);
      t.like(last, { date: today, amount: 1_234_56, summary: '转账存入', counterparty: '陈静' });
    }));

  test(`${variant.name}: replaying a transfer with the same key does not move money twice`, (t) =>
    withGateway(t, variant, async (gw, sim) => {
      const from = '6222020000000004';
      const to = '6222020000000005';
      const s = await session(gw, from, '444444');
      const request = { session: s, fromAccount: from, toAccount: to, amount: 50_000, idempotencyKey: 'ivr-transfer-0002' };
      const first = await gw.transfer(request);
      const replay = await gw.transfer(request);
      t.like(first, { ok: true, replayed: false });
      t.deepEqual(replay, first.ok ? { ...first, replayed: true } : first);
      t.is(sim.core.inspectAccount(from)?.balance, 8_600_000 - 50_000);
      t.is(sim.core.inspectAccount(to)?.balance, 300_000 + 50_000);
      t.like(await gw.transfer({ ...request, amount: 60_000 }), { ok: false, code: 'IDEMPOTENCY_CONFLICT' });
      const status = await gw.operationStatus({ session: s, idempotencyKey: 'ivr-transfer-0002' });
      t.deepEqual(status, { ok: true, found: true, operation: 'transfer', status: 'succeeded', reference: first.ok ? first.reference : '', amount: 50_000 });
      t.deepEqual(await gw.operationStatus({ session: s, idempotencyKey: 'never-used-key' }), { ok: true, found: false });
    }));

  test(`${variant.name}: transfer refusals`, (t) =>
    withGateway(t, variant, async (gw) => {
      const publicCard = await session(gw, '6222020000000001', '111111');
      t.like(await gw.transfer({ session: publicCard, fromAccount: '6222020000000001', toAccount: '6222020000000004', amount: 100, idempotencyKey: 'refusal-0001' }), {
        ok: false,
        code: 'NOT_SIGNED',
      });
      const poor = await session(gw, '6222020000000006', '666666');
      t.like(await gw.transfer({ session: poor, fromAccount: '6222020000000006', toAccount: '6222020000000004', amount: 150_001, idempotencyKey: 'refusal-0002' }), {
        ok: false,
        code: 'INSUFFICIENT_FUNDS',
      });
      t.like(await gw.transfer({ session: poor, fromAccount: '6222020000000006', toAccount: '1001200030004001', amount: 100, idempotencyKey: 'refusal-0003' }), {
        ok: false,
        code: 'NOT_ALLOWED',
      });
      t.like(await gw.transfer({ session: poor, fromAccount: '6222020000000006', toAccount: '6222020000000004', amount: 100, idempotencyKey: 'refusal-0004' }), {
        ok: true,
      });
      t.like(await gw.transfer({ session: poor, fromAccount: '6222020000000004', toAccount: '6222020000000006', amount: 100, idempotencyKey: 'refusal-0005' }), {
        ok: false,
        code: 'SESSION_INVALID',
      });
      const corp = await gw.verifyCorporate({ shortAccount: '80002', queryPassword: '12345678' });
      if (!corp.ok) return t.fail(corp.code);
      t.like(await gw.transfer({ session: corp.session, fromAccount: '310066726018000456789', toAccount: '110060149018000123456', amount: 1_000_000, idempotencyKey: 'corp-0001' }), {
        ok: true,
        balanceAfter: 4_560_000 - 1_000_000,
      });
    }));

  test(`${variant.name}: bills are queried then paid, and paying clears them`, (t) =>
    withGateway(t, variant, async (gw, sim) => {
      const card = '6222020000000004';
      const s = await session(gw, card, '444444');
      const bill = await gw.queryBill({ session: s, account: card, billType: 'fixed_line', billAccount: '02088886666' });
      t.like(bill, { ok: true, payee: '中国电信', totalDue: 11_950, items: [{ period: '2025-01', amount: 5_800 }, { period: '2025-02', amount: 6_150 }] });
      t.like(await gw.payBill({ session: s, account: card, billType: 'fixed_line', billAccount: '02088886666', amount: 5_800, idempotencyKey: 'bill-0001' }), {
        ok: false,
        code: 'AMOUNT_MISMATCH',
      });
      const paid = await gw.payBill({ session: s, account: card, billType: 'fixed_line', billAccount: '02088886666', amount: 11_950, idempotencyKey: 'bill-0002' });
      t.like(paid, { ok: true, amount: 11_950, balanceAfter: 8_600_000 - 11_950 });
      t.like(await gw.queryBill({ session: s, account: card, billType: 'fixed_line', billAccount: '02088886666' }), { ok: true, totalDue: 0, items: [] });
      t.like(await gw.payBill({ session: s, account: card, billType: 'fixed_line', billAccount: '02088886666', amount: 11_950, idempotencyKey: 'bill-0003' }), {
        ok: false,
        code: 'BILL_ALREADY_PAID',
      });
      t.like(await gw.queryBill({ session: s, account: card, billType: 'electricity', billAccount: '0201234567' }), { ok: true, totalDue: 0 });
      t.like(await gw.queryBill({ session: s, account: card, billType: 'water', billAccount: '9999999999' }), { ok: false, code: 'NO_SUCH_BILL' });

      const prepay = await gw.mobilePrepay({ session: s, account: card, mobile: '13900139000', amount: 10_000, idempotencyKey: 'prepay-0001' });
      t.like(prepay, { ok: true, amount: 10_000, balanceAfter: 8_600_000 - 11_950 - 10_000 });
      t.like(await gw.mobilePrepay({ session: s, account: card, mobile: '13900139000', amount: 500_000, idempotencyKey: 'prepay-0002' }), {
        ok: false,
        code: 'LIMIT_EXCEEDED',
      });
      t.is(sim.core.inspectAccount(card)?.balance, 8_600_000 - 11_950 - 10_000);

      const publicCard = await session(gw, '6222020000000001', '111111');
      t.like(await gw.queryBill({ session: publicCard, account: '6222020000000001', billType: 'mobile', billAccount: '13900139000' }), {
        ok: false,
        code: 'NOT_SIGNED',
      });
    }));

  test(`${variant.name}: rates and the screen-pop profile`, (t) =>
    withGateway(t, variant, async (gw) => {
      const interest = await gw.interestRates();
      t.like(interest, { ok: true, asOf: today });
      t.like(interest.ok && interest.rates.find((r) => r.code === 'FIX1Y'), { name: '整存整取一年', termMonths: 12, annualRatePpm: 11_000 });
      const exchange = await gw.exchangeRates();
      t.like(exchange.ok && exchange.rates.find((r) => r.currency === 'JPY'), { name: '日元', spotBuy: 47_512 });

      const vip = await gw.customerProfile({ callerNumber: '13500135000' });
      t.deepEqual(vip, {
        ok: true,
        customerId: 'C0006',
        kind: 'personal',
        name: '赵*',
        segment: 'private',
        vip: true,
        city: '上海',
        recentContacts: [
          { date: '2025-03-13', channel: 'phone', summary: '投诉：转账到账慢' },
          { date: '2025-03-05', channel: 'phone', summary: '预约私人银行经理' },
        ],
      });
      t.like(await gw.customerProfile({ account: '110060149018000123456' }), { ok: true, kind: 'corporate', name: '北京天禾商贸有限公司', segment: 'corporate' });
      t.like(await gw.customerProfile({ callerNumber: '01000000000' }), { ok: false, code: 'NO_SUCH_CUSTOMER' });
    }));
}

test('both adapters give the same answers from the same core', async (t) => {
  const sim = await startCoreSim({ today, encoding: 'gb18030' });
  const tcp = connect(sim, variants[0] as Variant);
  const http = connect(sim, variants[2] as Variant);
  try {
    const account = '110060149018000123456';
    const [a, b] = await Promise.all([
      tcp.verifyCorporate({ shortAccount: '80001', queryPassword: '888888' }),
      http.verifyCorporate({ shortAccount: '80001', queryPassword: '888888' }),
    ]);
    if (!a.ok || !b.ok) return t.fail();
    t.deepEqual(await tcp.faxStatement({ session: a.session, account, fromDate: '2025-01-01' }), await http.faxStatement({ session: b.session, account, fromDate: '2025-01-01' }));
    t.deepEqual(await tcp.recentTransactions({ session: a.session, account }), await http.recentTransactions({ session: b.session, account }));
    t.deepEqual(await tcp.exchangeRates(), await http.exchangeRates());
    t.deepEqual(await tcp.customerProfile({ callerNumber: '13900139000' }), await http.customerProfile({ callerNumber: '13900139000' }));
  } finally {
    await Promise.all([tcp.close(), http.close()]);
    await sim.close();
  }
});
