/**
 * A core that refuses, hangs, errs or is slow: calls fail fast with typed errors, queries are
 * retried and money never is, the breaker opens and recovers. Time is a ManualClock.
 */
import test from 'ava';
import { startCoreSim, type CoreSimHandle } from '../../src/coresim/core-sim.js';
import { ManualClock } from '../../src/gateway/clock.js';
import { createHttpCoreBanking, createTcpCoreBanking } from '../../src/gateway/create-core-banking.js';
import type { GatewayClient, GatewayClientOptions } from '../../src/gateway/gateway-client.js';
import { GatewayError } from '../../src/gateway/gateway-error.js';
import { settleWithin } from './drive-clock.js';
import { rejection } from './rejection.js';

const adapters = ['tcp', 'http'] as const;
type Adapter = (typeof adapters)[number];

function connect(sim: CoreSimHandle, adapter: Adapter, clock: ManualClock, options: Partial<GatewayClientOptions> = {}): GatewayClient {
  const common = { host: sim.host, clock, defaultTimeoutMs: 3000, ...options };
  return adapter === 'tcp'
    ? createTcpCoreBanking({ ...common, port: sim.tcpPort, backoff: { initialMs: 200, maxMs: 1000 } })
    : createHttpCoreBanking({ ...common, port: sim.httpPort });
}

function requestsSeen(sim: CoreSimHandle, adapter: Adapter): number {
  return sim.stats()[adapter].requests;
}

for (const adapter of adapters) {
  test(`${adapter}: a core refusing connections gives GATEWAY_UNAVAILABLE long before the timeout`, async (t) => {
    const sim = await startCoreSim({ faults: { down: 'refuse' } });
    const clock = new ManualClock();
    const gw = connect(sim, adapter, clock, { breaker: { consecutiveFailures: 100 } });
    try {
      const calls: (() => Promise<unknown>)[] = [() => gw.interestRates(), () => gw.verifyCard({ cardNumber: '6222020000000001', pin: '111111' })];
      for (const call of calls) {
        const error = await rejection(settleWithin(clock, call(), 500));
        t.is(error.code, 'GATEWAY_UNAVAILABLE');
        t.false(error.mayHaveReachedCore);
      }
    } finally {
      await gw.close();
      await sim.close();
    }
  });

  test(`${adapter}: a hanging core times out at the operation budget, then the breaker fails fast and recovers`, async (t) => {
    const sim = await startCoreSim({ faults: { down: 'hang' } });
    const clock = new ManualClock();
    const gw = connect(sim, adapter, clock, { breaker: { consecutiveFailures: 3, coolDownMs: 10_000 } });
    try {
      for (let i = 0; i < 3; i++) {
        const before = requestsSeen(sim, adapter);
        const pending = rejection(gw.interestRates());
        // Wait (real time) until the request has reached the core, then let the budget run out.
        while (requestsSeen(sim, adapter) === before) await new Promise((resolve) => setTimeout(resolve, 1));
        await clock.advance(2999);
        await clock.advance(1);
        const error = await pending;
        t.is(error.code, 'GATEWAY_TIMEOUT');
        t.true(error.mayHaveReachedCore);
      }
      t.is(gw.breaker.state, 'open');
      const seen = requestsSeen(sim, adapter);
      const open = await rejection(gw.interestRates());
      t.is(open.code, 'GATEWAY_CIRCUIT_OPEN');
      t.is(requestsSeen(sim, adapter), seen, 'the open circuit kept the request away from the core');

      sim.faults.set({ down: 'no' });
      await clock.advance(10_000);
      t.is(gw.breaker.state, 'half_open');
      t.like(await settleWithin(clock, gw.interestRates(), 1000), { ok: true });
      t.is(gw.breaker.state, 'closed');
    } finally {
      await gw.close();
      await sim.close();
    }
  });

  test(`${adapter}: core system errors are retried for queries but never for money`, async (t) => {
    const sim = await startCoreSim({ faults: { errorRate: 1 } });
    const clock = new ManualClock();
    const gw = connect(sim, adapter, clock, { breaker: { consecutiveFailures: 100 } });
    try {
      const before = requestsSeen(sim, adapter);
      const query = await rejection(settleWithin(clock, gw.exchangeRates(), 1000));
      t.is(query.code, 'GATEWAY_CORE_ERROR');
      t.is(requestsSeen(sim, adapter) - before, 3, 'three attempts');

      const session = 'a'.repeat(24);
      const moneyCalls: (() => Promise<unknown>)[] = [
        () => gw.transfer({ session, fromAccount: '6222020000000004', toAccount: '6222020000000001', amount: 100, idempotencyKey: 'down-0001' }),
        () => gw.payBill({ session, account: '6222020000000004', billType: 'water', billAccount: '2001234567', amount: 4530, idempotencyKey: 'down-0002' }),
        () => gw.mobilePrepay({ session, account: '6222020000000004', mobile: '13900139000', amount: 5000, idempotencyKey: 'down-0003' }),
      ];
      for (const call of moneyCalls) {
        const seen = requestsSeen(sim, adapter);
        const error = await rejection(settleWithin(clock, call(), 1000));
        t.is(error.code, 'GATEWAY_CORE_ERROR');
        t.true(error.mayHaveReachedCore);
        t.is(requestsSeen(sim, adapter) - seen, 1, 'exactly one attempt');
      }
    } finally {
      await gw.close();
      await sim.close();
    }
  });

  test(`${adapter}: a slow core (injected latency) times out`, async (t) => {
    const sim = await startCoreSim({ faults: { latencyMs: 60_000 } });
    const clock = new ManualClock();
    const gw = connect(sim, adapter, clock, { timeouts: { interestRates: 1500 } });
    try {
      const pending = rejection(gw.interestRates());
      while (requestsSeen(sim, adapter) === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      await clock.advance(1500);
      t.is((await pending).code, 'GATEWAY_TIMEOUT');
    } finally {
      await gw.close();
      await sim.close();
    }
  });

  test(`${adapter}: the gateway reconnects when the core comes back`, async (t) => {
    const sim = await startCoreSim();
    const clock = new ManualClock();
    const gw = connect(sim, adapter, clock, { breaker: { consecutiveFailures: 100 } });
    try {
      t.like(await settleWithin(clock, gw.interestRates(), 1000), { ok: true });
      sim.faults.set({ down: 'refuse' });
      await sim.faultsApplied();
      const down = await rejection(settleWithin(clock, gw.interestRates(), 1000));
      t.true(['GATEWAY_UNAVAILABLE', 'GATEWAY_CONNECTION_LOST'].includes(down.code), down.code);
      sim.faults.set({ down: 'no' });
      await sim.faultsApplied();
      // Within the longest back-off the pool is connected again.
      const back = await settleWithin(clock, (async () => {
        for (;;) {
          try {
            return await gw.interestRates();
          } catch (error) {
            if (!(error instanceof GatewayError) || error.code !== 'GATEWAY_UNAVAILABLE') throw error;
            await clock.advance(50);
          }
        }
      })(), 3000);
      t.like(back, { ok: true });
    } finally {
      await gw.close();
      await sim.close();
    }
  });
}
