import test from 'ava';
import { CircuitBreaker, type CircuitState } from '../../src/gateway/circuit-breaker.js';
import { ManualClock } from '../../src/gateway/clock.js';

function fail(breaker: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i++) breaker.tryAcquire()?.failure();
}

test('opens after N consecutive failures; a success in between resets the count', (t) => {
  const breaker = new CircuitBreaker(new ManualClock(), { consecutiveFailures: 3 });
  fail(breaker, 2);
  breaker.tryAcquire()?.success();
  fail(breaker, 2);
  t.is(breaker.state, 'closed');
  fail(breaker, 1);
  t.is(breaker.state, 'open');
  t.is(breaker.tryAcquire(), undefined);
});

test('opens on a failure rate over the sliding window once enough calls were seen', (t) => {
  const breaker = new CircuitBreaker(new ManualClock(), {
    consecutiveFailures: 3,
    failureRate: { threshold: 0.5, window: 10, minimumCalls: 6 },
  });
  // Never two failures in a row; 4 of the last 10 fail until the eleventh call.
  for (const outcome of 'SSFSFSFSFS') {
    const permit = breaker.tryAcquire();
    if (outcome === 'F') permit?.failure();
    else permit?.success();
  }
  t.is(breaker.state, 'closed');
  t.is(breaker.snapshot().recentFailureRate, 0.4);
  breaker.tryAcquire()?.failure();
  t.is(breaker.state, 'open', '5 of the last 10 failed');
});

test('half-open after the cool-down lets one probe through; success closes', async (t) => {
  const clock = new ManualClock();
  const breaker = new CircuitBreaker(clock, { consecutiveFailures: 1, coolDownMs: 5000 });
  const seen: CircuitState[] = [];
  breaker.onStateChange((state) => seen.push(state));
  fail(breaker, 1);
  await clock.advance(4999);
  t.is(breaker.state, 'open');
  t.is(breaker.tryAcquire(), undefined);
  await clock.advance(1);
  t.is(breaker.state, 'half_open', 'visible without traffic');
  const probe = breaker.tryAcquire();
  t.truthy(probe);
  t.is(breaker.tryAcquire(), undefined, 'only one probe at a time');
  probe?.success();
  t.is(breaker.state, 'closed');
  t.truthy(breaker.tryAcquire());
  t.deepEqual(seen, ['open', 'half_open', 'closed']);
});

test('a failed probe reopens and restarts the cool-down', async (t) => {
  const clock = new ManualClock();
  const breaker = new CircuitBreaker(clock, { consecutiveFailures: 1, coolDownMs: 1000 });
  fail(breaker, 1);
  await clock.advance(1000);
  breaker.tryAcquire()?.failure();
  t.is(breaker.state, 'open');
  const openedAt = breaker.snapshot().openedAt;
  t.is(openedAt, clock.now());
  await clock.advance(999);
  t.is(breaker.state, 'open');
  await clock.advance(1);
  t.is(breaker.state, 'half_open');
});

test('outcomes of requests begun before a state change are ignored', async (t) => {
  const clock = new ManualClock();
  const breaker = new CircuitBreaker(clock, { consecutiveFailures: 2, coolDownMs: 100 });
  const slow = breaker.tryAcquire();
  fail(breaker, 2);
  t.is(breaker.state, 'open');
  await clock.advance(100);
  t.is(breaker.state, 'half_open');
  slow?.success();
  t.is(breaker.state, 'half_open', 'a stale success does not close the circuit');
  const probe = breaker.tryAcquire();
  probe?.success();
  probe?.failure();
  t.is(breaker.state, 'closed', 'a permit settles once');
});

test('the cool-down timer is cancelled on dispose', async (t) => {
  const clock = new ManualClock();
  const breaker = new CircuitBreaker(clock, { consecutiveFailures: 1 });
  fail(breaker, 1);
  t.is(clock.pendingTimers, 1);
  breaker.dispose();
  t.is(clock.pendingTimers, 0);
});
