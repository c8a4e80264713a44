/** Building a gateway from settings, and binding its metrics to prom-client. */
import test from 'ava';
import { Registry } from 'prom-client';
import { startCoreSim } from '../../src/coresim/core-sim.js';
import { createCoreBanking, GatewayConfig } from '../../src/gateway/create-core-banking.js';
import { createPromGatewayMetrics } from '../../src/gateway/prom-metrics.js';
import { MemoryTransactionLogSink } from '../../src/gateway/transaction-log.js';

test('settings get defaults and bad ones are named', (t) => {
  const tcp = GatewayConfig.parse({ adapter: 'tcp', port: 7702 });
  t.like(tcp, {
    host: '127.0.0.1',
    encoding: 'gb18030',
    lengthPrefix: { kind: 'ascii', digits: 6 },
    defaultTimeoutMs: 3000,
    retry: { maxAttempts: 3 },
    breaker: { consecutiveFailures: 5, coolDownMs: 5000 },
    nameMask: 'keep-surname',
  });
  const bad = GatewayConfig.safeParse({ adapter: 'tcp', port: 70000, encoding: 'big5', timeouts: { balance: 0, teleport: 5 }, extra: 1 });
  t.false(bad.success);
  const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'));
  for (const path of ['port', 'encoding', 'timeouts.balance', 'timeouts']) t.true(paths.includes(path), `${path} in ${paths.join(', ')}`);
  t.throws(() => createCoreBanking({ adapter: 'http' } as never));
});

test('a TCP gateway with a binary length prefix and UTF-8 talks to a core configured the same', async (t) => {
  const framing = { prefix: { kind: 'binary', bytes: 4 } as const, maxFrameBytes: 32 * 1024 };
  const sim = await startCoreSim({ encoding: 'utf8', framing });
  const log = new MemoryTransactionLogSink();
  const gw = createCoreBanking(
    { adapter: 'tcp', port: sim.tcpPort, encoding: 'utf8', lengthPrefix: framing.prefix, maxFrameBytes: framing.maxFrameBytes, defaultTimeoutMs: 30_000, connectTimeoutMs: 30_000 },
    { transactionLog: log },
  );
  try {
    t.like(await gw.verifyCorporate({ shortAccount: '80002', queryPassword: '12345678' }), { ok: true, customerClass: 'corporate' });
    t.is(log.entries[0]?.adapter, 'tcp');
    const health = gw.health();
    t.like(health, { adapter: 'tcp', closed: false, circuit: { state: 'closed', consecutiveFailures: 0 } });
    t.true((health.transport['open'] ?? 0) >= 1);
  } finally {
    await gw.close();
    await sim.close();
  }
});

test('prom-client metrics count requests by outcome and expose the circuit state', async (t) => {
  const sim = await startCoreSim();
  const registry = new Registry();
  const gw = createCoreBanking({ adapter: 'http', port: sim.httpPort, defaultTimeoutMs: 30_000 }, { metrics: createPromGatewayMetrics(registry) });
  try {
    await gw.verifyCard({ cardNumber: '6222020000000001', pin: '111111' });
    await gw.verifyCard({ cardNumber: '6222020000000001', pin: '000000' });
    const text = await registry.metrics();
    t.regex(text, /gateway_requests_total\{operation="verifyCard",adapter="http",outcome="ok",code="OK"\} 1/);
    t.regex(text, /gateway_requests_total\{operation="verifyCard",adapter="http",outcome="business_error",code="WRONG_PASSWORD"\} 1/);
    t.regex(text, /gateway_request_duration_ms_count\{operation="verifyCard",adapter="http",outcome="ok"\} 1/);
    t.regex(text, /gateway_circuit_state\{adapter="http"\} 0/);
  } finally {
    await gw.close();
    await sim.close();
  }
});
