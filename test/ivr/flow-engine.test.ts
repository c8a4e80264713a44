/**
 * The flow engine on a fake call: menus (retries, repeat, back across levels), collects and
 * their formats, secrets (secure entry, wiped once sent), core actions and their outcomes
 * (business codes, outage -> unavailable + agent offer, uncertain money outcomes), PIN locks,
 * routing by time, calendar and number, transfer outcomes, voicemail, fax, language, errors.
 */
import test from 'ava';
import { Calendar } from '../../src/calendar/work-calendar.js';
import { GatewayError } from '../../src/gateway/gateway-error.js';
import type { QueueOutcome, QueueRequest } from '../../src/telephony/ports.js';
import { MemoryPinLocks, runFlow } from './fake-call.js';

const bye = { type: 'hangup', prompts: ['goodbye'] };

/** main (menu.info-like custom menu) -> sub menu -> leaf plays. */
const twoLevels = {
  start: 'main',
  defaults: { main: 'main', goodbye: 'bye' },
  nodes: {
    main: { type: 'menu', prompts: ['menu.main'], intro: ['welcome'], options: { '1': 'sub', '#': '@repeat', '9': 'bye' }, retries: 2 },
    sub: { type: 'menu', prompts: ['menu.info'], options: { '1': 'leaf', '*': '@back' } },
    leaf: { type: 'play', prompts: ['intro.savings'], next: '@menu' },
    bye,
  },
};

test('menus: intro once, repeat, wrong key and silence, back to the previous level', async (t) => {
  const { session } = await runFlow(twoLevels, { inputs: ['#', '5', 'timeout', '1', '1', '*', '9'] });
  t.deepEqual(session.heard, [
    ['welcome', 'menu.main'],
    ['menu.main'], // '#': again, without the greeting
    ['input.invalid'], // '5' is not a key
    ['menu.main'],
    ['input.timeout'],
    ['menu.main'],
    ['menu.info'], // '1'
    ['intro.savings'], // '1'
    ['menu.info'], // '@menu' after the leaf: the menu the caller is in
    ['menu.main'], // '*': back
    ['goodbye'], // '9'
  ]);
});

test('menus: too many errors end with the message and the fail target', async (t) => {
  const { session } = await runFlow(twoLevels, { inputs: ['5', '6', 'timeout'] });
  t.deepEqual(session.ids, ['welcome', 'menu.main', 'input.invalid', 'menu.main', 'input.invalid', 'menu.main', 'input.too_many_errors', 'goodbye']);
});

test('catalog menus map actions to keys; an unmapped key is invalid', async (t) => {
  const flow = {
    start: 'm',
    nodes: {
      m: { type: 'menu', menu: 'menu.confirm', actions: { confirm: 'yes', cancel: 'no' } },
      yes: { type: 'hangup', prompts: ['result.transfer.ok'] },
      no: { type: 'hangup', prompts: ['goodbye'] },
    },
  };
  t.deepEqual((await runFlow(flow, { inputs: ['2', '1'] })).session.ids, ['menu.confirm', 'input.invalid', 'menu.confirm', 'result.transfer.ok']);
  t.deepEqual((await runFlow(flow, { inputs: ['*'] })).session.ids, ['menu.confirm', 'goodbye']);
});

test('collect formats: amounts in fen, dates not after today, ID numbers with X, retries', async (t) => {
  const flow = {
    start: 'amount',
    nodes: {
      amount: { type: 'collect', prompts: ['enter.amount'], max: 12, format: 'amount', into: 'amount', next: 'date' },
      date: { type: 'collect', prompts: ['enter.date'], min: 8, max: 8, format: 'date', into: 'date', next: 'id' },
      id: { type: 'collect', prompts: ['enter.id_number'], min: 4, max: 32, format: 'id-number', into: 'idNumber', next: 'say' },
      say: { type: 'play', prompts: [{ say: 'amount', from: '$amount' }, { say: 'date', from: '$date' }], next: 'end' },
      end: bye,
    },
  };
  const { session, runner } = await runFlow(flow, { inputs: ['12*345#', '1234*5#', '20270101#', '20260230#', '20260301#', '31010119920515567*#'], at: '2026-03-02T10:00' });
  t.deepEqual(session.ids.filter((id) => id.startsWith('input.')), ['input.amount_invalid', 'input.date_invalid', 'input.date_invalid']);
  t.is(runner.vars.get('amount'), 123450);
  t.is(runner.vars.get('date'), '2026-03-01');
  t.is(runner.vars.get('idNumber'), '31010119920515567X');
  t.true(session.texts.some((text) => text.startsWith('一千二百三十四元五角二零二六年三月一日')));
  // With a terminator, one key more than the longest entry is collected so '#' ends it.
  t.is(session.collects[0]!.max, 13);
});

const login = {
  start: 'card',
  defaults: { main: 'menu', agent: 'agent', goodbye: 'bye' },
  nodes: {
    card: { type: 'collect', prompts: ['enter.card'], min: 16, max: 19, secure: true, secret: false, into: 'card', next: 'pin' },
    pin: { type: 'collect', prompts: ['enter.card_pin'], min: 6, max: 6, secure: true, into: 'pin', next: 'verify' },
    verify: {
      type: 'action',
      operation: 'verifyCard',
      args: { cardNumber: '$card', pin: '$pin' },
      into: 'auth',
      pinLock: { kind: 'card', subject: '$card' },
      next: 'menu',
      on: { WRONG_PASSWORD: 'wrong', locked: 'locked' },
    },
    wrong: { type: 'play', prompts: ['auth.password_wrong', 'auth.attempts_left', { say: 'count', from: '$auth.attemptsLeft', unit: 'attempt' }, 'auth.attempts_left.after'], next: 'pin' },
    locked: { type: 'play', prompts: ['auth.locked'], next: 'bye' },
    menu: { type: 'menu', prompts: ['menu.card'], options: { '1': 'balance', '0': 'agent', '9': 'bye' } },
    balance: { type: 'action', operation: 'balance', args: { session: '$auth.session', account: '$auth.accounts.0.account' }, into: 'balance', next: 'say' },
    say: { type: 'play', prompts: ['result.balance', { say: 'amount', from: '$balance.availableBalance' }], next: '@menu' },
    agent: { type: 'play', prompts: ['agent.transfer'], next: 'bye' },
    bye,
  },
};
const CARD = '6222020000000001';
const verified = { ok: true, session: 'S0000000000000001', customerId: 'C1', customerClass: 'public', signed: false, accounts: [{ account: CARD, kind: 'card', currency: 'CNY' }], capabilities: ['balance'] };

test('secure entry: prompts and keys in secure mode; the PIN goes to the core once, then is wiped', async (t) => {
  const { session, runner, requests } = await runFlow(login, {
    inputs: [`${CARD}#`, '111111#', '1', '9'],
    gateway: {
      verifyCard: async () => verified,
      balance: async () => ({ ok: true, account: CARD, currency: 'CNY', ledgerBalance: 520000, availableBalance: 520000 }),
    },
  });
  t.deepEqual(requests.map(([op]) => op), ['verifyCard', 'balance']);
  t.deepEqual(requests[0]![1], { cardNumber: CARD, pin: '111111' });
  t.is(runner.secrets.size, 0, 'no secret left');
  t.deepEqual(session.collects.map((c) => c.secure ?? false), [true, true, false, false]);
  t.deepEqual(session.secureAt.slice(0, 2), [true, true]);
  t.true(session.texts.includes('您的账户余额为五千二百元'));
});

test('wrong PINs: attempts left from our own count, then the lock; a locked card never reaches the core', async (t) => {
  const locks = new MemoryPinLocks();
  const wrong = async () => ({ ok: false, code: 'WRONG_PASSWORD', attemptsLeft: 9 });
  const first = await runFlow(login, { inputs: [`${CARD}#`, '000000#', '000000#', '000000#'], gateway: { verifyCard: wrong }, pinLocks: locks });
  t.deepEqual(first.session.texts.filter((x) => x.startsWith('密码不正确')), ['密码不正确。您还有两次机会。', '密码不正确。您还有一次机会。']);
  t.true(first.session.ids.includes('auth.locked'));
  const again = await runFlow(login, { inputs: [`${CARD}#`, '111111#'], gateway: { verifyCard: async () => verified }, pinLocks: locks });
  t.deepEqual(again.requests, [], 'refused before the core');
  t.true(again.session.ids.includes('auth.locked'));
  t.is(again.runner.secrets.size, 0);
});

test('the tenant decides how many wrong PINs lock a card', async (t) => {
  const { session } = await runFlow(login, {
    inputs: [`${CARD}#`, '000000#'],
    settings: { pinMaxAttempts: 1 },
    gateway: { verifyCard: async () => ({ ok: false, code: 'WRONG_PASSWORD' }) },
  });
  t.true(session.ids.includes('auth.locked'));
  t.false(session.ids.includes('auth.password_wrong'));
});

test('core outage: "temporarily unavailable", then 0 for an agent or * for the main menu', async (t) => {
  const down = async () => {
    throw new GatewayError('GATEWAY_CIRCUIT_OPEN', 'circuit open', { mayHaveReachedCore: false });
  };
  const toAgent = await runFlow(login, { inputs: [`${CARD}#`, '111111#', '0'], gateway: { verifyCard: down } });
  t.deepEqual(toAgent.session.ids.slice(-4), ['service.unavailable', 'menu.unavailable', 'agent.transfer', 'goodbye']);
  t.is(toAgent.runner.secrets.size, 0);
  const toMenu = await runFlow(login, { inputs: [`${CARD}#`, '111111#', '*', '9'], gateway: { verifyCard: down } });
  t.deepEqual(toMenu.session.ids.slice(-4), ['service.unavailable', 'menu.unavailable', 'menu.card', 'goodbye']);
  const silent = await runFlow(login, { inputs: [`${CARD}#`, '111111#', 'timeout', 'timeout'], gateway: { verifyCard: down } });
  t.deepEqual(silent.session.ids.slice(-2), ['input.too_many_errors', 'goodbye'], 'no dead air when nobody answers the offer');
});

const transfer = {
  start: 'send',
  defaults: { goodbye: 'bye' },
  nodes: {
    send: {
      type: 'action',
      operation: 'transfer',
      args: { session: 'S0000000000000001', fromAccount: '6222020000000004', toAccount: '6222020000000005', amount: 10000 },
      into: 'result',
      next: 'ok',
      on: { INSUFFICIENT_FUNDS: 'nofunds', error: 'down' },
    },
    ok: { type: 'hangup', prompts: ['result.transfer.ok'] },
    nofunds: { type: 'hangup', prompts: ['result.insufficient_funds'] },
    down: { type: 'hangup', prompts: ['service.unavailable'] },
    bye,
  },
};

test('money: an idempotency key is added; a lost answer is settled by asking the core, not by guessing', async (t) => {
  const lost = async () => {
    throw new GatewayError('GATEWAY_TIMEOUT', 'no answer', { mayHaveReachedCore: true });
  };
  const happened = await runFlow(transfer, {
    gateway: { transfer: lost, operationStatus: async () => ({ ok: true, found: true, operation: 'transfer', status: 'succeeded', reference: 'TR1', amount: 10000 }) },
  });
  const key = happened.requests[0]![1]['idempotencyKey'];
  t.regex(String(key), /^ivr-[0-9a-f]{32}$/);
  t.deepEqual(happened.requests[1], ['operationStatus', { session: 'S0000000000000001', idempotencyKey: key }]);
  t.deepEqual(happened.session.ids, ['result.transfer.ok']);

  const refused = await runFlow(transfer, {
    gateway: { transfer: lost, operationStatus: async () => ({ ok: true, found: true, operation: 'transfer', status: 'failed', failureCode: 'INSUFFICIENT_FUNDS' }) },
  });
  t.deepEqual(refused.session.ids, ['result.insufficient_funds']);

  const never = await runFlow(transfer, { gateway: { transfer: lost, operationStatus: async () => ({ ok: true, found: false }) } });
  t.deepEqual(never.session.ids, ['service.unavailable']);
});

test('business refusals: by code, else the generic refusal; arguments that do not fit the operation are an error', async (t) => {
  const { session } = await runFlow(transfer, { gateway: { transfer: async () => ({ ok: false, code: 'INSUFFICIENT_FUNDS' }) } });
  t.deepEqual(session.ids, ['result.insufficient_funds']);
  const other = await runFlow({ ...transfer, defaults: { main: 'bye' } }, { gateway: { transfer: async () => ({ ok: false, code: 'LIMIT_EXCEEDED' }) } });
  t.deepEqual(other.session.ids, ['auth.account_restricted', 'goodbye']);
  const broken = { ...transfer, nodes: { ...transfer.nodes, send: { ...transfer.nodes.send, args: { ...transfer.nodes.send.args, amount: -5 } } } };
  const bad = await runFlow(broken, {});
  t.deepEqual(bad.requests, [], 'nothing sent');
  t.deepEqual(bad.session.ids, ['service.unavailable', 'goodbye']);
  t.is(bad.summary.errors, 1);
});

test('an error in a node: apology, then the agent node once, then goodbye; never silence', async (t) => {
  const flow = {
    start: 'oops',
    defaults: { agent: 'agent' },
    nodes: {
      oops: { type: 'play', prompts: [{ say: 'amount', from: '$nothing' }], next: 'oops' },
      agent: { type: 'play', prompts: [{ say: 'amount', from: '$still.nothing' }], next: 'oops' },
    },
  };
  const { session, summary } = await runFlow(flow, {});
  t.deepEqual(session.ids, ['service.unavailable', 'service.unavailable', 'goodbye']);
  t.is(summary.errors, 2);
  t.true(session.ended);
});

test('a loop that never talks to the caller is cut', async (t) => {
  const flow = {
    start: 'a',
    nodes: {
      a: { type: 'set', values: { n: { add: ['$n', 1] } }, next: 'b' },
      b: { type: 'condition', branches: [{ if: { var: '$n', op: 'gt', value: 1e9 }, next: 'c' }], else: 'a' },
      c: bye,
    },
  };
  const { session, summary } = await runFlow({ ...flow, nodes: { ...flow.nodes, start: { type: 'set', values: { n: 0 }, next: 'a' } }, start: 'start' }, {});
  t.is(summary.errors, 1);
  t.deepEqual(session.ids, ['service.unavailable', 'goodbye']);
});

test('route by time: working hours, weekends, holidays and working weekends from the calendar', async (t) => {
  const flow = {
    start: 'when',
    nodes: {
      when: {
        type: 'route-time',
        open: [
          { days: 'workdays', from: '08:30', to: '17:30' },
          { days: [6], from: '10:00', to: '12:00' },
        ],
        inHours: 'open',
        outOfHours: 'closed',
      },
      open: { type: 'hangup', prompts: ['agent.transfer'] },
      closed: { type: 'hangup', prompts: ['agent.off_hours'] },
    },
  };
  const calendar = new Calendar({ timeZone: 'Asia/Shanghai', holidays: ['2026-10-01'], workingWeekendDays: ['2026-10-11'] });
  const at = async (when: string) => (await runFlow(flow, { at: when, calendar })).session.ids[0];
  t.is(await at('2026-03-02T08:29'), 'agent.off_hours', 'Monday before opening');
  t.is(await at('2026-03-02T08:30'), 'agent.transfer');
  t.is(await at('2026-03-02T17:30'), 'agent.off_hours', 'closing time is closed');
  t.is(await at('2026-03-07T11:00'), 'agent.transfer', 'Saturday morning rule');
  t.is(await at('2026-03-08T11:00'), 'agent.off_hours', 'Sunday');
  t.is(await at('2026-10-01T10:00'), 'agent.off_hours', 'a holiday on a Thursday');
  t.is(await at('2026-10-11T10:00'), 'agent.transfer', 'a working Sunday');
});

test('route by calling and called number: prefixes, X, anonymous', async (t) => {
  const flow = {
    start: 'who',
    nodes: {
      who: {
        type: 'route-number',
        by: 'calling',
        rules: [
          { match: ['anonymous'], next: 'hidden' },
          { match: ['1390000XXXX', '010*'], next: 'vip' },
        ],
        else: 'dialled',
      },
      dialled: { type: 'route-number', by: 'called', rules: [{ match: ['95589'], next: 'english' }], else: 'other' },
      hidden: { type: 'hangup', prompts: ['auth.locked'] },
      vip: { type: 'hangup', prompts: ['agent.transfer'] },
      english: { type: 'hangup', prompts: ['lang.choose.en'] },
      other: { type: 'hangup', prompts: ['goodbye'] },
    },
  };
  const run = async (calling: string, called = '95588') => {
    const { FakeSession } = await import('./fake-call.js');
    const session = new FakeSession([]);
    session.calling = calling;
    session.called = called;
    return (await runFlow(flow, { session })).session.ids[0];
  };
  t.is(await run(''), 'auth.locked');
  t.is(await run('13900001234'), 'agent.transfer');
  t.is(await run('139000012345'), 'goodbye', 'X matches one digit, the length must match');
  t.is(await run('01065551234'), 'agent.transfer');
  t.is(await run('13800138000', '95589'), 'lang.choose.en');
});

test('transfer: every queue outcome', async (t) => {
  const flow = {
    start: 'main',
    defaults: { main: 'main', goodbye: 'bye' },
    nodes: {
      main: { type: 'menu', prompts: ['menu.main'], options: { '0': 'agent', '9': 'bye' } },
      agent: { type: 'transfer', queue: 'retail', priority: 5, data: { account: { mask: 'account', from: '$account' }, customer: '$nobody' } },
      bye,
    },
  };
  const requests: QueueRequest[] = [];
  const queues = (outcomes: QueueOutcome[]) => ({
    async enqueue(_ctx: unknown, request: QueueRequest) {
      requests.push(request);
      return outcomes.shift()!;
    },
  });
  const none = await runFlow(flow, { inputs: ['0', '*', '9'] });
  t.deepEqual(none.session.ids, ['menu.main', 'agent.no_answer', 'menu.queue', 'menu.main', 'goodbye'], 'no ACD: say so, offer to wait or leave a message');

  const back = await runFlow(flow, { inputs: ['0', '9'], queues: queues([{ kind: 'ivr', reason: 'max-wait' }]) });
  t.deepEqual(back.session.ids, ['menu.main', 'agent.transfer', 'menu.main', 'goodbye']);

  const recorded: string[] = [];
  const voicemail = { async record(_ctx: unknown, reason: string, queue?: string) {
    recorded.push(`${reason}:${queue}`);
    return { messageId: 'm1' };
  } };
  const mail = await runFlow(flow, { inputs: ['0'], queues: queues([{ kind: 'voicemail', reason: 'all-busy' }]), voicemail });
  t.deepEqual(recorded, ['all-busy:retail']);
  t.deepEqual(mail.session.ids, ['menu.main', 'agent.transfer', 'goodbye']);

  const busy = await runFlow(flow, { inputs: ['0', '2'], queues: queues([{ kind: 'unavailable', reason: 'closed' }]), voicemail });
  t.deepEqual(busy.session.ids, ['menu.main', 'agent.transfer', 'agent.no_answer', 'menu.queue', 'goodbye']);
  t.deepEqual(recorded.at(-1), 'no-answer:retail');

  const { FakeSession } = await import('./fake-call.js');
  const session = new FakeSession(['0']);
  const connected = runFlow(flow, {
    session,
    queues: {
      async enqueue() {
        setTimeout(() => void session.hangUp(), 5);
        return { kind: 'connected', agentId: 'a1' };
      },
    },
  });
  const result = await connected;
  t.deepEqual(result.session.ids, ['menu.main', 'agent.transfer'], 'connected: the IVR waits for the call to end, saying nothing more');
  t.deepEqual(requests[0], { queue: 'retail', priority: 5, data: {} }, 'unset references are left out of the screen pop');
});

test('fax: without a fax service say so; to this line or to a number keyed in', async (t) => {
  const flow = {
    start: 'fax',
    nodes: {
      fax: { type: 'fax', document: { kind: 'document', documentId: 'fees' }, next: 'done', onFail: 'failed' },
      done: { type: 'hangup', prompts: ['goodbye'] },
      failed: { type: 'hangup', prompts: ['result.loss.failed'] },
    },
  };
  t.deepEqual((await runFlow(flow)).session.ids, ['service.unavailable', 'result.loss.failed']);
  const sent: string[] = [];
  const faxes = {
    async sendToCaller(_ctx: unknown, doc: { kind: string }) {
      sent.push(`line:${doc.kind}`);
      return { kind: 'sent' as const, pages: 1 };
    },
    async queueOutbound(_ctx: unknown, doc: { kind: string }, number: string) {
      sent.push(`${number}:${doc.kind}`);
      return { kind: 'queued' as const, jobId: 'j1' };
    },
    async receiveFromCaller() {
      return undefined;
    },
  };
  t.deepEqual((await runFlow(flow, { inputs: ['#'], faxes })).session.ids, ['fax.enter_number']);
  t.deepEqual((await runFlow(flow, { inputs: ['02088886666#'], faxes })).session.ids, ['fax.enter_number', 'fax.will_call', 'goodbye']);
  t.deepEqual(sent, ['line:document', '02088886666:document']);
});

test('language: a node switches the call, an item may speak another language', async (t) => {
  const flow = {
    start: 'choose',
    nodes: {
      choose: { type: 'menu', prompts: [{ id: 'lang.choose.zh', lang: 'zh' }, { id: 'lang.choose.en', lang: 'en' }], options: { '2': 'en' }, onTimeout: 'bye', stack: false },
      en: { type: 'language', lang: 'en', next: 'bye' },
      bye,
    },
  };
  const { session } = await runFlow(flow, { inputs: ['2'] });
  t.deepEqual(session.texts, ['普通话服务请按一。For English, press two.', 'Thank you for calling. Goodbye.']);
  t.is(session.lang, 'en');
  const timeout = await runFlow(flow, { inputs: ['timeout'] });
  t.is(timeout.session.lang, 'zh');
});

test('secrets: compared only with each other, wiped when the caller goes back to a menu', async (t) => {
  const flow = {
    start: 'menu',
    nodes: {
      menu: { type: 'menu', prompts: ['menu.savings'], options: { '5': 'old', '9': 'bye' } },
      old: { type: 'collect', prompts: ['enter.old_password'], min: 6, max: 6, secure: true, into: 'old', next: 'new' },
      new: { type: 'collect', prompts: ['enter.new_password'], min: 6, max: 6, secure: true, into: 'new', next: 'again' },
      again: { type: 'collect', prompts: ['enter.new_password_again'], min: 6, max: 6, secure: true, into: 'again', next: 'check' },
      check: { type: 'condition', branches: [{ if: { var: '$new', op: 'ne', value: '$again' }, next: 'mismatch' }], else: 'bye' },
      mismatch: { type: 'play', prompts: ['result.password.mismatch'], next: '@menu' },
      bye,
    },
  };
  const { session, runner } = await runFlow(flow, { inputs: ['5', '123456#', '654321#', '654320#', 'hangup'] });
  t.true(session.ids.includes('result.password.mismatch'));
  t.is(runner.secrets.size, 0, 'back at the menu: wiped');
});
