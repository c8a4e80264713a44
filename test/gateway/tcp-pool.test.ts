/** The TCP adapter's connection pool against a scripted core. */
import test from 'ava';
import net from 'node:net';
import { ManualClock } from '../../src/gateway/clock.js';
import type { OperationName } from '../../src/gateway/core-banking.js';
import { GatewayError } from '../../src/gateway/gateway-error.js';
import { FrameDecoder } from '../../src/gateway/tcp/framing.js';
import { MessageCodec, type MessageHeader } from '../../src/gateway/tcp/message-codec.js';
import { TcpTransport, type TcpTransportOptions } from '../../src/gateway/tcp/tcp-transport.js';
import { settleWithin } from './drive-clock.js';

const codec = new MessageCodec({ encoding: 'gb18030' });

interface Received {
  header: MessageHeader;
  operation: OperationName;
  fields: Record<string, unknown>;
  connection: number;
  reply(frame: Buffer): void;
}

/** A core that hands every decoded request to the test. */
async function scriptedCore(onRequest: (request: Received) => void) {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    const id = ++connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const decoder = new FrameDecoder(codec.framing);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        const { header, operation, fields } = codec.decodeRequest(frame);
        onRequest({ header, operation, fields, connection: id, reply: (out) => socket.write(out) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get connections() {
      return connections;
    },
    get open() {
      return sockets.size;
    },
    dropAll: () => sockets.forEach((s) => s.destroy()),
    stop: () => new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => resolve());
    }),
    restart: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
  };
}

function balanceAnswer(request: Received, ledger = 100): Buffer {
  return codec.encodeSuccess('balance', request.header.requestId, {
    account: request.fields['account'],
    currency: 'CNY',
    ledgerBalance: ledger,
    availableBalance: ledger,
  });
}

function transport(port: number, options: Partial<TcpTransportOptions> = {}) {
  return new TcpTransport({ host: '127.0.0.1', port, encoding: 'gb18030', ...options });
}

function send(tcp: TcpTransport, account: string, signal = new AbortController().signal) {
  return tcp.send('balance', { session: 'a'.repeat(24), account }, { signal, timeoutMs: 1000, requestId: 'test' });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

test('responses in any order reach the right requests on one connection', async (t) => {
  const held: Received[] = [];
  const core = await scriptedCore((request) => {
    held.push(request);
    // Answer all five at once, last first.
    if (held.length === 5) for (const r of held.reverse()) r.reply(balanceAnswer(r, Number(r.fields['account']) * 10));
  });
  const tcp = transport(core.port, { maxConnections: 1 });
  try {
    const accounts = ['100001', '100002', '100003', '100004', '100005'];
    const results = await Promise.all(accounts.map((a) => send(tcp, a)));
    t.deepEqual(
      results.map((r) => (r.ok ? [r.account, r.ledgerBalance] : r.code)),
      accounts.map((a) => [a, Number(a) * 10]),
    );
    t.is(new Set(held.map((r) => r.connection)).size, 1);
    t.is(new Set(held.map((r) => r.header.requestId)).size, 5, 'each request has its own id');
  } finally {
    await tcp.close();
    await core.stop();
  }
});

test('the pool keeps to its connection and in-flight limits, queueing the rest', async (t) => {
  const inFlight = new Map<number, number>();
  let worst = 0;
  const core = await scriptedCore((request) => {
    const now = (inFlight.get(request.connection) ?? 0) + 1;
    inFlight.set(request.connection, now);
    worst = Math.max(worst, now);
    setImmediate(() => {
      inFlight.set(request.connection, (inFlight.get(request.connection) ?? 1) - 1);
      request.reply(balanceAnswer(request));
    });
  });
  const tcp = transport(core.port, { minConnections: 1, maxConnections: 2, maxInFlightPerConnection: 2 });
  try {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => send(tcp, String(200000 + i))));
    t.true(results.every((r) => r.ok));
    t.true(core.connections <= 2, `${core.connections} connections`);
    t.true(worst <= 2, `${worst} in flight on one connection`);
    t.is(tcp.pool().inFlight, 0);
  } finally {
    await tcp.close();
    await core.stop();
  }
});

test('the minimum number of connections is opened at start', async (t) => {
  const core = await scriptedCore(() => {});
  const tcp = transport(core.port, { minConnections: 3, maxConnections: 4 });
  try {
    await until(() => core.open === 3);
    t.is(tcp.pool().open, 3);
  } finally {
    await tcp.close();
    await core.stop();
  }
});

test('too many waiting requests are refused with GATEWAY_OVERLOADED', async (t) => {
  const core = await scriptedCore(() => {});
  const tcp = transport(core.port, { maxConnections: 1, maxInFlightPerConnection: 1, maxQueued: 2 });
  const controller = new AbortController();
  try {
    const waiting = [1, 2, 3].map((i) => send(tcp, `30000${i}`, controller.signal).catch((e: GatewayError) => e));
    await until(() => tcp.pool().queued === 2);
    const error = await send(tcp, '300004').catch((e: GatewayError) => e);
    t.true(error instanceof GatewayError && error.code === 'GATEWAY_OVERLOADED');
    controller.abort();
    for (const result of await Promise.all(waiting)) t.true(result instanceof GatewayError);
    t.is(tcp.pool().queued, 0);
    t.is(tcp.pool().inFlight, 0);
  } finally {
    await tcp.close();
    await core.stop();
  }
});

test('an answer that arrives after its request gave up is dropped and counted', async (t) => {
  const held: Received[] = [];
  const core = await scriptedCore((request) => held.push(request));
  const tcp = transport(core.port);
  try {
    const controller = new AbortController();
    const abandoned = send(tcp, '400001', controller.signal).catch((e: GatewayError) => e);
    await until(() => held.length === 1);
    controller.abort();
    t.true((await abandoned) instanceof GatewayError);
    held[0]?.reply(balanceAnswer(held[0]));
    const next = send(tcp, '400002');
    await until(() => held.length === 2);
    held[1]?.reply(balanceAnswer(held[1]));
    t.like(await next, { ok: true, account: '400002' });
    t.is(tcp.pool().lateResponses, 1);
  } finally {
    await tcp.close();
    await core.stop();
  }
});

test('a garbled answer fails only its own request; a broken stream fails the connection, which is replaced', async (t) => {
  let mode: 'garble-body' | 'junk-stream' | 'normal' = 'garble-body';
  const core = await scriptedCore((request) => {
    if (mode === 'garble-body' && request.fields['account'] === '500001') {
      const frame = balanceAnswer(request);
      frame.write('XX', frame.length - 10, 'latin1');
      request.reply(frame);
    } else if (mode === 'junk-stream') {
      request.reply(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    } else {
      request.reply(balanceAnswer(request));
    }
  });
  const tcp = transport(core.port, { maxConnections: 1 });
  try {
    const [bad, good] = await Promise.all([send(tcp, '500001').catch((e: GatewayError) => e), send(tcp, '500002')]);
    t.true(bad instanceof GatewayError && bad.code === 'GATEWAY_PROTOCOL_ERROR');
    t.regex((bad as GatewayError).message, /availableBalance/);
    t.like(good, { ok: true });
    t.is(core.connections, 1, 'the connection survived');

    mode = 'junk-stream';
    const broken = await send(tcp, '500003').catch((e: GatewayError) => e);
    t.true(broken instanceof GatewayError && broken.code === 'GATEWAY_PROTOCOL_ERROR');
    t.regex((broken as GatewayError).message, /bad frame from core: length prefix is not 6 digits/);

    mode = 'normal';
    t.like(await send(tcp, '500004'), { ok: true });
    t.is(core.connections, 2, 'a new connection replaced the broken one');
  } finally {
    await tcp.close();
    await core.stop();
  }
});

test('after the core drops away, requests fail fast and the pool reconnects with back-off', async (t) => {
  const core = await scriptedCore((request) => request.reply(balanceAnswer(request)));
  const clock = new ManualClock();
  const tcp = transport(core.port, { clock, minConnections: 1, backoff: { initialMs: 1000, maxMs: 8000 } });
  try {
    t.like(await send(tcp, '600001'), { ok: true });
    await core.stop();
    // The drop is noticed, one immediate reconnect is refused, and the back-off starts.
    await until(() => tcp.pool().consecutiveConnectFailures === 1);
    const fast = await send(tcp, '600002').catch((e: GatewayError) => e);
    t.true(fast instanceof GatewayError && fast.code === 'GATEWAY_UNAVAILABLE');
    t.false((fast as GatewayError).mayHaveReachedCore);

    // Still down at the next attempt: the delay doubles.
    await settleWithin(clock, until(() => tcp.pool().consecutiveConnectFailures === 2), 1300, 50);
    await clock.advance(1500);
    t.is(tcp.pool().consecutiveConnectFailures, 2, 'no attempt before ~2 s');

    await core.restart();
    await settleWithin(clock, until(() => tcp.pool().open === 1), 1500, 50);
    t.is(tcp.pool().consecutiveConnectFailures, 0);
    t.like(await send(tcp, '600003'), { ok: true });
  } finally {
    await tcp.close();
    await core.stop();
  }
});
