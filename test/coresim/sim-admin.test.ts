/** The simulator's admin endpoint: faults at run time, reset, health and account views. */
import test from 'ava';
import http from 'node:http';
import net from 'node:net';
import { startCoreSim, type CoreSimHandle } from '../../src/coresim/core-sim.js';
import { FrameDecoder } from '../../src/gateway/tcp/framing.js';
import { MessageCodec, type DecodedResponse } from '../../src/gateway/tcp/message-codec.js';
import { SimulatedCore } from '../../src/coresim/simulated-core.js';

const codec = new MessageCodec({ encoding: 'gb18030' });

function call(port: number, method: string, path: string, body?: string) {
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One TCP request, one decoded answer. */
function tcpAsk(port: number, frame: Buffer): Promise<DecodedResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.write(frame));
    const decoder = new FrameDecoder(codec.framing);
    socket.on('data', (chunk: Buffer) => {
      const [first] = decoder.push(chunk);
      if (first) {
        socket.destroy();
        resolve(codec.decodeResponse(first));
      }
    });
    socket.on('error', reject);
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function withSim(fn: (sim: CoreSimHandle) => Promise<void>) {
  const sim = await startCoreSim({ today: '2025-03-14' });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

test('health and faults can be read', (t) =>
  withSim(async (sim) => {
    t.deepEqual((await call(sim.adminPort, 'GET', '/health')).json, {
      ok: true,
      today: '2025-03-14',
      ports: { http: sim.httpPort, tcp: sim.tcpPort, admin: sim.adminPort },
    });
    t.deepEqual((await call(sim.adminPort, 'GET', '/faults')).json, { latencyMs: 0, errorRate: 0, down: 'no' });
  }));

test('an error rate set at run time turns answers into system errors on both protocols', (t) =>
  withSim(async (sim) => {
    t.like(await call(sim.adminPort, 'PUT', '/faults', '{"errorRate":1}'), { status: 200, json: { errorRate: 1, down: 'no' } });
    t.like(await tcpAsk(sim.tcpPort, codec.encodeRequest('interestRates', 5, {})), { kind: 'system', respCode: 'S503', header: { requestId: 5 } });
    const res = await call(sim.httpPort, 'POST', '/core/v1/rates/interest', '{}');
    t.is(res.status, 503);
    t.like(await call(sim.adminPort, 'DELETE', '/faults'), { status: 200, json: { errorRate: 0 } });
    t.like(await tcpAsk(sim.tcpPort, codec.encodeRequest('interestRates', 6, {})), { kind: 'success' });
  }));

test('down=refuse takes both core ports off the network; the admin port stays; back up on the same ports', (t) =>
  withSim(async (sim) => {
    await call(sim.adminPort, 'PUT', '/faults', '{"down":"refuse"}');
    t.true(await refused(sim.tcpPort));
    t.true(await refused(sim.httpPort));
    t.like(await call(sim.adminPort, 'GET', '/faults'), { json: { down: 'refuse' } });
    await call(sim.adminPort, 'PUT', '/faults', '{"down":"no"}');
    t.like(await tcpAsk(sim.tcpPort, codec.encodeRequest('exchangeRates', 7, {})), { kind: 'success' });
    t.is((await call(sim.httpPort, 'POST', '/core/v1/rates/exchange', '{}')).status, 200);
  }));

test('bad fault settings are refused with the reason', (t) =>
  withSim(async (sim) => {
    for (const body of ['{"errorRate":2}', '{"down":"sideways"}', '{"latencyMs":-1}', '{"colour":"red"}']) {
      const res = await call(sim.adminPort, 'PUT', '/faults', body);
      t.is(res.status, 400, body);
      t.is((res.json['error'] as { code: string }).code, 'BAD_REQUEST');
    }
    t.like(await call(sim.adminPort, 'PUT', '/faults', '{oops'), { status: 400, json: { error: { code: 'BAD_JSON' } } });
    t.like(await call(sim.adminPort, 'GET', '/faults'), { json: { latencyMs: 0, errorRate: 0, down: 'no' } });
    t.like(await call(sim.adminPort, 'GET', '/nothing'), { status: 404 });
  }));

test('reset rebuilds the bank; the account view shows balances', (t) =>
  withSim(async (sim) => {
    const s = await sim.core.verifyCard({ cardNumber: '6222020000000004', pin: '444444' });
    if (!s.ok) return t.fail(s.code);
    await sim.core.transfer({ session: s.session, fromAccount: '6222020000000004', toAccount: '6222020000000001', amount: 10_000, idempotencyKey: 'reset-0001' });
    t.like(await call(sim.adminPort, 'GET', '/accounts/6222020000000001'), { status: 200, json: { balance: 530_000, status: 'active' } });
    t.like(await call(sim.adminPort, 'POST', '/reset'), { status: 200 });
    t.like(await call(sim.adminPort, 'GET', '/accounts/6222020000000001'), { json: { balance: 520_000 } });
    t.like(await call(sim.adminPort, 'GET', '/accounts/99999999'), { status: 404 });
  }));

test('the simulated core can also be used in-process, without servers', async (t) => {
  const core = await SimulatedCore.create({ today: '2025-03-14' });
  t.like(await core.interestRates(), { ok: true, asOf: '2025-03-14' });
});

test('a port already in use fails the start with EADDRINUSE', async (t) => {
  const first = await startCoreSim();
  try {
    const error = await t.throwsAsync(startCoreSim({ httpPort: 0, tcpPort: first.tcpPort }));
    t.regex(error?.message ?? '', /EADDRINUSE/);
  } finally {
    await first.close();
  }
});
