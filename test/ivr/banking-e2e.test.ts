/**
 * The shipped banking flow end to end: callers dial 95588 through the simulated network, key
 * DTMF as audio in reaction to the prompts they hear, and the test checks what the bank said
 * (prompt ids and the values read) and what happened in the simulated core.
 */
import test from 'ava';
import type { Transaction } from '../../src/gateway/core-banking.js';
import { readTransactions } from '../../src/ivr/banking/transaction-reading.js';
import { readAmountFen, readCount, readDigits, speechText } from '../../src/voice/readings/index.js';
import { ivrSettingsRepo } from '../../src/ivr/store/settings-repo.js';
import { Caller, IvrWorld } from './harness.js';

let world: IvrWorld;

test.before(async () => {
  world = await IvrWorld.start({ today: '2026-03-02', time: '10:00' });
});
test.after.always(async () => {
  await world?.close();
});

const zh = (tokens: Parameters<typeof speechText>[0]) => speechText(tokens, 'zh');

function account(number: string) {
  const a = world.core.core.inspectAccount(number);
  if (!a) throw new Error(`no account ${number} in the simulator`);
  return a;
}

/** Dials, takes Mandarin, and logs in with a card from the main menu key given. */
async function cardLogin(card: string, pin: string, mainKey = '2'): Promise<Caller> {
  const caller = await world.dial();
  await caller.answer('lang.choose.zh', '1');
  await caller.answer('menu.main', mainKey);
  await caller.answer('enter.card', `${card}#`);
  await caller.answer('enter.card_pin', `${pin}#`);
  return caller;
}

test.serial('balance: a card customer hears the booked and available balance', async (t) => {
  const caller = await cardLogin('6222020000000001', '111111');
  await caller.answer('menu.card', '1');
  const said = await caller.prompt('result.balance');
  const balance = account('6222020000000001').balance;
  t.is(balance, 520000);
  t.is(Caller.text(said), `您的账户余额为${zh(readAmountFen(balance, 'zh'))}可用余额为${zh(readAmountFen(balance, 'zh'))}`);
  t.true(Caller.text(said).includes('五千二百元'));
  await caller.prompt('menu.card');
  await caller.hangUp();
});

test.serial('recent transactions: up to 10 before today, newest first', async (t) => {
  const caller = await cardLogin('6222020000000001', '111111');
  await caller.answer('menu.card', '2');
  const said = await caller.prompt('result.tx.recent');
  const before = account('6222020000000001').transactions.filter((tx) => tx.date < '2026-03-02');
  const expected = before.slice(-10).reverse();
  t.is(expected.length, 10);
  t.true(expected[0]!.date >= expected[9]!.date, 'newest first');
  const text = Caller.text(said);
  t.true(text.startsWith(`共查询到${zh(readCount(10, 'transaction', 'zh'))}以下是您最近的交易明细`));
  t.true(text.includes(zh(readTransactions(expected, 'zh'))), text);
  t.true(text.endsWith('明细播报完毕。'));
  await caller.prompt('menu.card');
  await caller.hangUp();
});

test.serial('transactions from a date: up to 10 from that date, oldest first', async (t) => {
  const caller = await cardLogin('6222020000000001', '111111');
  await caller.answer('menu.card', '3');
  await caller.answer('enter.date', '20260110#');
  const said = await caller.prompt('result.tx.from_date');
  const expected = account('6222020000000001').transactions.filter((tx) => tx.date >= '2026-01-10').slice(0, 10);
  t.true(expected.length > 0);
  t.true(expected[0]!.date <= expected.at(-1)!.date, 'oldest first');
  t.true(Caller.text(said).includes(zh(readTransactions(expected, 'zh'))));
  // A date in the future is refused and asked again.
  await caller.answer('menu.card', '3');
  await caller.answer('enter.date', '20270101#');
  await caller.prompt('input.date_invalid');
  await caller.hangUp();
});

test.serial('corporate: short account and query password, then transactions within 5% of an amount', async (t) => {
  const caller = await world.dial();
  await caller.answer('lang.choose.zh', '1');
  await caller.answer('menu.main', '4');
  await caller.answer('enter.short_account', '80001#');
  await caller.answer('enter.query_password', '888888#');
  await caller.answer('menu.corporate', '1');
  const balance = await caller.prompt('result.balance');
  t.true(Caller.text(balance).includes(zh(readAmountFen(235678900, 'zh'))));
  await caller.answer('menu.corporate', '6');
  await caller.answer('enter.search_amount', '12000#');
  const said = await caller.prompt('result.tx.by_amount');
  const all: readonly Transaction[] = account('110060149018000123456').transactions;
  const matches = all.filter((tx) => Math.abs(tx.amount) * 100 >= 1_200_000 * 95 && Math.abs(tx.amount) * 100 <= 1_200_000 * 105);
  t.true(matches.length >= 2, 'the demo company has several payments near 12,000.00');
  t.true(matches.some((tx) => Math.abs(tx.amount) !== 1_200_000), 'including ones that are not exactly the amount');
  const expected = matches.slice(-10).reverse();
  t.true(Caller.text(said).includes(zh(readTransactions(expected, 'zh'))));
  t.true(Caller.text(said).startsWith(`共查询到${zh(readCount(expected.length, 'transaction', 'zh'))}`));
  await caller.hangUp();
});

test.serial('card-to-card transfer by a signed customer changes both balances in the core', async (t) => {
  const from = account('6222020000000004').balance;
  const to = account('6222020000000005').balance;
  const caller = await world.dial();
  await caller.answer('lang.choose.zh', '1');
  await caller.answer('menu.main', '3');
  await caller.answer('menu.signed', '2');
  await caller.answer('enter.card', '6222020000000004#');
  await caller.answer('enter.card_pin', '444444#');
  await caller.answer('menu.signed.card', '7');
  await caller.answer('enter.payee_card', '6222020000000005#');
  await caller.answer('enter.transfer_amount', '1234*5#');
  const confirm = await caller.prompt('menu.confirm');
  t.true(Caller.text(confirm).startsWith(`您将向尾号为${zh(readDigits('0005', 'zh'))}的账户转账${zh(readAmountFen(123450, 'zh'))}`));
  await caller.press('1');
  await caller.prompt('result.transfer.ok');
  t.is(account('6222020000000004').balance, from - 123450);
  t.is(account('6222020000000005').balance, to + 123450);
  await caller.hangUp();
});

test.serial('verbal loss report: a public customer gives ID type and number, and is told to visit a counter', async (t) => {
  const caller = await cardLogin('6222020000000003', '333333');
  await caller.answer('menu.card', '6');
  await caller.answer('confirm.loss_report', '1');
  await caller.answer('menu.id_type', '1');
  await caller.answer('enter.id_number', '31010119920515567*#');
  const said = await caller.prompt('result.loss.ok');
  t.is(Caller.text(said), '口头挂失成功，务必请您再到银行柜台办理正式挂失业务。');
  t.is(account('6222020000000003').status, 'lost');
  await caller.hangUp();
});

test.serial('verbal loss report: a signed customer needs no ID', async (t) => {
  const caller = await world.dial();
  await caller.answer('lang.choose.zh', '1');
  await caller.answer('menu.main', '3');
  await caller.answer('menu.signed', '2');
  await caller.answer('enter.card', '6222020000000006#');
  await caller.answer('enter.card_pin', '666666#');
  await caller.answer('menu.signed.card', '6');
  await caller.answer('confirm.loss_report', '1');
  await caller.prompt('result.loss.ok', { only: true });
  t.false(caller.heardIds().some((id) => id.startsWith('menu.id_type')));
  t.is(account('6222020000000006').status, 'lost');
  await caller.hangUp();
});

test.serial('bill payment: a signed customer queries a phone bill, then pays exactly what is owed', async (t) => {
  const before = account('6222020000000004').balance;
  const caller = await cardLogin('6222020000000004', '444444', '5');
  await caller.answer('menu.payments', '1');
  await caller.answer('enter.phone_number', '02088886666#');
  await caller.answer('menu.bill', '1');
  const due = await caller.prompt('result.amount_due');
  t.is(Caller.text(due), `您本期应缴金额为${zh(readAmountFen(11950, 'zh'))}`);
  await caller.answer('menu.bill', '2');
  const confirm = await caller.prompt('menu.confirm');
  t.true(Caller.text(confirm).startsWith(`本次缴费金额为${zh(readAmountFen(11950, 'zh'))}`));
  await caller.press('1');
  await caller.prompt('result.payment.ok');
  t.is(account('6222020000000004').balance, before - 11950);
  // Nothing is owed any more.
  await caller.answer('menu.bill', '1');
  await caller.prompt('result.nothing_due');
  await caller.hangUp();
});

test.serial('mobile prepayment and a water bill, from the same login', async (t) => {
  const before = account('6222020000000004').balance;
  const caller = await cardLogin('6222020000000004', '444444', '5');
  await caller.answer('menu.payments', '3');
  await caller.answer('enter.mobile_number', '13900139000#');
  await caller.answer('enter.prepay_amount', '50#');
  const confirm = await caller.prompt('menu.confirm');
  t.true(Caller.text(confirm).startsWith(`本次预存金额为${zh(readAmountFen(5000, 'zh'))}`));
  await caller.press('1');
  await caller.prompt('result.prepay.ok');
  await caller.answer('menu.payments', '5');
  await caller.answer('enter.utility_account', '2001234567#');
  await caller.answer('menu.bill', '2');
  const water = await caller.prompt('menu.confirm');
  t.true(Caller.text(water).startsWith(`本次缴费金额为${zh(readAmountFen(4530, 'zh'))}`));
  await caller.press('1');
  await caller.prompt('result.payment.ok');
  t.is(account('6222020000000004').balance, before - 5000 - 4530);
  await caller.hangUp();
});

test.serial('payments are for signed customers only', async (t) => {
  const caller = await cardLogin('6222020000000001', '111111', '5');
  await caller.prompt('service.not_signed');
  await caller.prompt('menu.main');
  t.pass();
  await caller.hangUp();
});

test.serial('password change: with the old password when on; "go to a counter or ATM" when the bank turns it off', async (t) => {
  const caller = await world.dial();
  await caller.answer('lang.choose.zh', '1');
  await caller.answer('menu.main', '1');
  await caller.answer('enter.account', '1001200030004001#');
  await caller.answer('enter.passbook_password', '123456#');
  await caller.answer('menu.savings', '5');
  await caller.answer('enter.old_password', '123456#');
  await caller.answer('enter.new_password', '864213#');
  await caller.answer('enter.new_password_again', '864200#');
  await caller.prompt('result.password.mismatch');
  await caller.answer('enter.new_password', '864213#');
  await caller.answer('enter.new_password_again', '864213#');
  await caller.prompt('result.password.changed');
  await caller.hangUp();
  t.like(await world.core.core.verifyPassbook({ account: '1001200030004001', password: '864213' }), { ok: true });

  await world.held(() => ivrSettingsRepo.put(world.knex, '00000000-0000-4000-8000-000000000001', { passwordChange: false }, 'test'));
  const again = await world.dial();
  await again.answer('lang.choose.zh', '1');
  await again.answer('menu.main', '1');
  await again.answer('enter.account', '1001200030004001#');
  await again.answer('enter.passbook_password', '864213#');
  await again.answer('menu.savings', '5');
  const off = await again.prompt('result.password.change_disabled', { only: true });
  t.is(Caller.text(off), '电话银行暂不提供修改密码服务，请到银行柜台或ATM修改密码。');
  await again.prompt('menu.savings');
  await again.hangUp();
  await world.held(() => ivrSettingsRepo.put(world.knex, '00000000-0000-4000-8000-000000000001', {}, 'test'));
});

test.serial('English service number: no language menu, English prompts and readings', async (t) => {
  const caller = await world.dial({ to: '95589' });
  const welcome = await caller.prompt('welcome');
  t.is(Caller.text(welcome), 'Hello, and welcome to telephone banking.');
  await caller.answer('menu.main', '2');
  await caller.answer('enter.card', '6222020000000007#');
  await caller.answer('enter.card_pin', '777777#');
  await caller.answer('menu.signed.card', '1');
  const said = await caller.prompt('result.balance');
  t.true(Caller.text(said).startsWith('Your account balance is'));
  const plain = (text: string) => text.replace(/[\s-]/g, '');
  t.true(plain(Caller.text(said)).includes(plain(speechText(readAmountFen(account('6222020000000007').balance, 'en'), 'en'))));
  t.false(caller.heardIds().some((id) => id.startsWith('lang.choose')));
  await caller.hangUp();
});

test.serial('information: interest and exchange rates from the core', async (t) => {
  const caller = await world.dial();
  await caller.answer('lang.choose.zh', '1');
  await caller.answer('menu.main', '6');
  await caller.answer('menu.info', '1');
  await caller.answer('menu.info.rates', '1');
  const demand = await caller.prompt('rate.intro');
  t.true(Caller.text(demand).endsWith('活期存款，年利率百分之零点一'));
  await caller.answer('menu.info.rates', '*');
  await caller.answer('menu.info', '2');
  await caller.answer('menu.info.fx', '1');
  const usd = await caller.prompt('fx.intro');
  t.true(Caller.text(usd).includes('现汇买入价每一百美元兑换人民币七百一十七点一二元'));
  t.true(Caller.text(usd).includes('现汇卖出价每一百美元兑换人民币七百二十点一四元'));
  await caller.hangUp();
});
