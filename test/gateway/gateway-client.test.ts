import test from 'ava';
import { ManualClock } from '../../src/gateway/clock.js';
import type { OperationName } from '../../src/gateway/core-banking.js';
import type { CoreTransport, TransportCallOptions } from '../../src/gateway/core-transport.js';
import { GatewayClient, type GatewayClientOptions } from '../../src/gateway/gateway-client.js';
import { GatewayError, type GatewayErrorCode } from '../../src/gateway/gateway-error.js';
import type { GatewayMetrics } from '../../src/gateway/metrics.js';
import { MemoryTransactionLogSink } from '../../src/gateway/transaction-log.js';
import { rejection } from './rejection.js';
import { sampleRequests, sampleResults } from './sample-messages.js';

type Handler = (operation: OperationName, request: unknown, options: TransportCallOptions, call: number) => Promise<unknown>;

class ScriptedTransport implements CoreTransport {
  readonly adapter = 'fake';
  readonly calls: { operation: OperationName; request: unknown; signal: AbortSignal }[] = [];
  closed = false;
  constructor(private readonly handler: Handler) {}

  send(operation: OperationName, request: unknown, options: TransportCallOptions): Promise<never> {
    this.calls.push({ operation, request, signal: options.signal });
    return this.handler(operation, request, options, this.calls.length) as Promise<never>;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

const ok: Handler = async (operation) => sampleResults[operation];
const never: Handler = () => new Promise(() => {});
const transportError = (code: GatewayErrorCode, mayHaveReachedCore = true) =>
  new GatewayError(code, `scripted ${code}`, { mayHaveReachedCore });

function recordingMetrics() {
  const events: { kind: string; name: string; labels: Record<string, string>; value: number }[] = [];
  const metrics: GatewayMetrics = {
    increment: (name, labels, by = 1) => void events.push({ kind: 'counter', name, labels: { ...labels }, value: by }),
    observe: (name, labels, value) => void events.push({ kind: 'histogram', name, labels: { ...labels }, value }),
    setGauge: (name, labels, value) => void events.push({ kind: 'gauge', name, labels: { ...labels }, value }),
  };
  return { metrics, events };
}

function setup(handler: Handler, options: Partial<GatewayClientOptions> = {}) {
  const clock = new ManualClock();
  const transport = new ScriptedTransport(handler);
  const log = new MemoryTransactionLogSink();
  const { metrics, events } = recordingMetrics();
  const client = new GatewayClient({ transport, clock, transactionLog: log, metrics, ...options });
  return { clock, transport, log, events, client };
}

test('a query is retried after transport failures and succeeds within its budget', async (t) => {
  const { clock, transport, log, events, client } = setup(async (operation, _r, _o, call) => {
    if (call < 3) throw transportError(call === 1 ? 'GATEWAY_CONNECTION_LOST' : 'GATEWAY_CORE_ERROR');
    return sampleResults[operation];
  });
  const pending = client.balance(sampleRequests.balance);
  await clock.advance(100);
  t.deepEqual(await pending, sampleResults.balance);
  t.is(transport.calls.length, 3);
  t.is(log.entries[0]?.attempts, 3);
  t.is(log.entries[0]?.outcome, 'ok');
  t.is(events.filter((e) => e.name === 'gateway_retries_total').length, 2);
});

for (const operation of ['transfer', 'payBill', 'mobilePrepay', 'changePassword', 'reportLoss'] as const) {
  test(`${operation} is never retried, even when the request surely was not sent`, async (t) => {
    for (const [code, reached] of [['GATEWAY_CONNECTION_LOST', true], ['GATEWAY_UNAVAILABLE', false], ['GATEWAY_CORE_ERROR', true]] as const) {
      const { clock, transport, log, client } = setup(async () => {
        throw transportError(code, reached);
      });
      const pending = client.call(operation, sampleRequests[operation] as never);
      const settled = pending.catch((e: unknown) => e);
      await clock.advance(5000);
      const error = await settled;
      t.true(error instanceof GatewayError);
      t.is((error as GatewayError).code, code);
      t.is((error as GatewayError).mayHaveReachedCore, reached);
      t.is(transport.calls.length, 1, `${operation} after ${code}`);
      t.is(log.entries[0]?.attempts, 1);
    }
  });
}

test('a verification is retried only when the request never left', async (t) => {
  const unsent = setup(async (operation, _r, _o, call) => {
    if (call === 1) throw transportError('GATEWAY_UNAVAILABLE', false);
    return sampleResults[operation];
  });
  const first = unsent.client.verifyCard(sampleRequests.verifyCard);
  await unsent.clock.advance(100);
  t.true((await first).ok);
  t.is(unsent.transport.calls.length, 2);

  const maybeSent = setup(async () => {
    throw transportError('GATEWAY_CONNECTION_LOST', true);
  });
  const second = rejection(maybeSent.client.verifyCard(sampleRequests.verifyCard));
  await maybeSent.clock.advance(100);
  t.is((await second).code, 'GATEWAY_CONNECTION_LOST');
  t.is(maybeSent.transport.calls.length, 1, 'a wrong PIN must not be counted twice');
});

test('no answer within the operation timeout is GATEWAY_TIMEOUT, and the transport is told to stop', async (t) => {
  const { clock, transport, log, client } = setup(never, { timeouts: { balance: 800 } });
  const start = clock.now();
  const pending = rejection(client.balance(sampleRequests.balance));
  await clock.advance(799);
  t.is(transport.calls[0]?.signal.aborted, false);
  await clock.advance(1);
  const error = await pending;
  t.is(error.code, 'GATEWAY_TIMEOUT');
  t.is(error.operation, 'balance');
  t.true(transport.calls[0]?.signal.aborted);
  t.is(transport.calls.length, 1, 'no time left to retry');
  t.is(log.entries[0]?.latencyMs, 800);
  t.is(clock.now() - start, 800);
});

test('retries spend the same budget: a call never outlives its timeout', async (t) => {
  const { clock, transport, client } = setup(
    (_op, _r, options, call) =>
      new Promise((_resolve, reject) => {
        // The first attempt fails late; the retry hangs.
        if (call === 1) clock.setTimer(2950, () => reject(transportError('GATEWAY_CORE_ERROR')));
        options.signal.addEventListener('abort', () => reject(transportError('GATEWAY_TIMEOUT')));
      }),
    { defaultTimeoutMs: 3000 },
  );
  const start = clock.now();
  let settledAt = 0;
  const pending = rejection(client.balance(sampleRequests.balance).finally(() => (settledAt = clock.now())));
  await clock.advance(10_000);
  t.is((await pending).code, 'GATEWAY_TIMEOUT');
  t.is(transport.calls.length, 2);
  t.is(settledAt - start, 3000);
});

test('an invalid request is refused here, never sent, and logged as such', async (t) => {
  const { transport, log, client } = setup(ok);
  const error = await t.throwsAsync(client.verifyCard({ cardNumber: '6222-0200', pin: '12' }), { instanceOf: GatewayError });
  t.is(error?.code, 'GATEWAY_INVALID_REQUEST');
  t.regex(error?.message ?? '', /cardNumber, pin/);
  t.false(error?.message.includes('6222-0200'));
  t.is(transport.calls.length, 0);
  t.is(log.entries[0]?.outcome, 'invalid_request');
  t.is(client.breaker.state, 'closed');
});

test('business refusals are results and do not trip the breaker', async (t) => {
  const { client, log } = setup(async () => ({ ok: false, code: 'WRONG_PASSWORD', attemptsLeft: 1 }), {
    breaker: { consecutiveFailures: 2 },
  });
  for (let i = 0; i < 5; i++) {
    t.deepEqual(await client.verifyCard(sampleRequests.verifyCard), { ok: false, code: 'WRONG_PASSWORD', attemptsLeft: 1 });
  }
  t.is(client.breaker.state, 'closed');
  t.is(log.entries[4]?.outcome, 'business_error');
  t.is(log.entries[4]?.code, 'WRONG_PASSWORD');
});

test('the breaker opens after consecutive failures, fails fast without the transport, probes and closes', async (t) => {
  let healthy = false;
  const { clock, transport, events, client } = setup(
    async (operation) => {
      if (!healthy) throw transportError('GATEWAY_CORE_ERROR');
      return sampleResults[operation];
    },
    { retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 3, coolDownMs: 5000 } },
  );
  for (let i = 0; i < 3; i++) await t.throwsAsync(client.balance(sampleRequests.balance), { message: /scripted/ });
  t.is(client.breaker.state, 'open');
  const open = await t.throwsAsync(client.balance(sampleRequests.balance), { instanceOf: GatewayError });
  t.is(open?.code, 'GATEWAY_CIRCUIT_OPEN');
  t.false(open?.mayHaveReachedCore);
  t.is(transport.calls.length, 3, 'the open circuit did not touch the transport');

  healthy = true;
  await clock.advance(5000);
  t.is(client.breaker.state, 'half_open');
  t.true((await client.balance(sampleRequests.balance)).ok);
  t.is(client.breaker.state, 'closed');
  const states = events.filter((e) => e.name === 'gateway_circuit_state').map((e) => e.value);
  t.deepEqual(states, [0, 2, 1, 0]);
});

test('the transaction log masks card numbers and never holds PINs, passwords or sessions', async (t) => {
  const canaryCard = '6222021234567890123';
  const canaryPin = '135790';
  const canarySession = 'CanarySessionToken0123456789';
  const { client, log } = setup(async (operation, _r, _o, call) => {
    if (call === 3) throw transportError('GATEWAY_CONNECTION_LOST');
    return sampleResults[operation];
  });
  await client.verifyCard({ cardNumber: canaryCard, pin: canaryPin });
  await client.changePassword({ session: canarySession, account: canaryCard, oldPassword: canaryPin, newPassword: '864209' });
  await client
    .transfer({ session: canarySession, fromAccount: canaryCard, toAccount: '6222020000000001', amount: 500, idempotencyKey: 'canary-key-1' })
    .catch(() => {});
  await client.verifyCard({ cardNumber: canaryCard, pin: 'x35790' }).catch(() => {});
  await client.reportLoss({ account: canaryCard, idType: 'resident_id', idNumber: '440106199512128888' });

  const text = JSON.stringify(log.entries);
  for (const secret of [canaryCard, canaryPin, '864209', canarySession, '1234567890', '440106199512128888']) {
    t.false(text.includes(secret), `${secret} leaked`);
  }
  t.is(log.entries.length, 5);
  t.deepEqual(log.entries[0]?.maskedKeys, { cardNumber: '6222 **** **** 0123' });
  t.deepEqual(log.entries[2]?.maskedKeys, {
    fromAccount: '6222 **** **** 0123',
    toAccount: '6222 **** **** 0001',
    idempotencyKey: 'canary-key-1',
  });
  t.is(log.entries[2]?.outcome, 'transport_error');
  t.is(log.entries[2]?.code, 'GATEWAY_CONNECTION_LOST');
  t.is(log.entries[2]?.amount, 500);
  t.is(log.entries[4]?.maskedKeys['idNumber'], '****8888');
  for (const entry of log.entries) {
    t.is(entry.adapter, 'fake');
    t.regex(entry.id, /^[0-9a-f-]{36}$/);
    t.regex(entry.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  }
});

test('personal names in profiles are masked as configured; company names are not', async (t) => {
  const profile = sampleResults.customerProfile;
  const styles = [
    ['keep-surname', '陈*'],
    ['keep-first-last', '陈*'],
    ['none', '陈静'],
  ] as const;
  for (const [style, expected] of styles) {
    const { client } = setup(async () => ({ ...profile, name: '陈静' }), { nameMask: style });
    const result = await client.customerProfile({ callerNumber: '13900139000' });
    t.is(result.ok && result.name, expected, style);
  }
  const three = setup(async () => ({ ...profile, name: '欧阳修' }), { nameMask: 'keep-first-last' });
  const masked = await three.client.customerProfile({ account: '6222020000000004' });
  t.is(masked.ok && masked.name, '欧*修');
  const company = setup(async () => ({ ...profile, kind: 'corporate', name: '北京天禾商贸有限公司' }));
  const corporate = await company.client.customerProfile({ account: '110060149018000123456' });
  t.is(corporate.ok && corporate.name, '北京天禾商贸有限公司');
});

test('a failing log sink is counted and does not fail the call', async (t) => {
  const throwing = setup(ok, { transactionLog: { write: () => { throw new Error('disk full'); } } });
  t.true((await throwing.client.balance(sampleRequests.balance)).ok);
  t.true(throwing.events.some((e) => e.name === 'gateway_txlog_failures_total'));
  const rejecting = setup(ok, { transactionLog: { write: () => Promise.reject(new Error('db down')) } });
  t.true((await rejecting.client.balance(sampleRequests.balance)).ok);
  await new Promise((resolve) => setImmediate(resolve));
  t.true(rejecting.events.some((e) => e.name === 'gateway_txlog_failures_total'));
});

test('every call reports a request counter and a latency histogram', async (t) => {
  const { client, events } = setup(ok);
  await client.interestRates();
  const counter = events.find((e) => e.name === 'gateway_requests_total');
  t.deepEqual(counter?.labels, { operation: 'interestRates', adapter: 'fake', outcome: 'ok', code: 'OK' });
  t.truthy(events.find((e) => e.name === 'gateway_request_duration_ms' && e.labels['outcome'] === 'ok'));
});

test('an unexpected transport exception becomes a protocol error', async (t) => {
  const { client } = setup(async () => {
    throw new TypeError('boom');
  }, { retry: { maxAttempts: 1 } });
  const error = await t.throwsAsync(client.exchangeRates(), { instanceOf: GatewayError });
  t.is(error?.code, 'GATEWAY_PROTOCOL_ERROR');
});

test('close() fails calls in flight and later calls with GATEWAY_CLOSED and closes the transport', async (t) => {
  const { transport, client } = setup(never);
  const inFlight = rejection(client.balance(sampleRequests.balance));
  await new Promise((resolve) => setImmediate(resolve));
  await client.close();
  t.is((await inFlight).code, 'GATEWAY_CLOSED');
  t.true(transport.closed);
  const later = await t.throwsAsync(client.balance(sampleRequests.balance), { instanceOf: GatewayError });
  t.is(later?.code, 'GATEWAY_CLOSED');
  t.is(client.breaker.state, 'closed', 'closing is not a core failure');
});

test('a retry refused by a circuit that opened meanwhile reports the failure that opened it', async (t) => {
  const { clock, transport, client } = setup(async () => {
    throw transportError('GATEWAY_UNAVAILABLE', false);
  }, { breaker: { consecutiveFailures: 2 } });
  const pending = rejection(client.exchangeRates());
  await clock.advance(1000);
  const error = await pending;
  t.is(error.code, 'GATEWAY_UNAVAILABLE');
  t.is(transport.calls.length, 2, 'no further attempts once the circuit is open');
  t.is(client.breaker.state, 'open');
});
