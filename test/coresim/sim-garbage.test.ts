/** Garbage thrown at the simulator's TCP and HTTP servers: clear errors, and service goes on. */
import test from 'ava';
import http from 'node:http';
import net from 'node:net';
import { startCoreSim, type CoreSimHandle } from '../../src/coresim/core-sim.js';
import type { ProtocolErrorReport } from '../../src/coresim/sim-tcp-server.js';
import { createHttpCoreBanking, createTcpCoreBanking } from '../../src/gateway/create-core-banking.js';
import { FrameDecoder } from '../../src/gateway/tcp/framing.js';
import { MessageCodec, type DecodedResponse } from '../../src/gateway/tcp/message-codec.js';

const codec = new MessageCodec({ encoding: 'gb18030' });

async function sim(reports: ProtocolErrorReport[]): Promise<CoreSimHandle> {
  return startCoreSim({ today: '2025-03-14', onProtocolError: (r) => reports.push(r) });
}

/** A raw connection that collects decoded answers and notices when the server closes. */
async function raw(port: number) {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await new Promise((resolve) => socket.once('connect', resolve));
  const decoder = new FrameDecoder(codec.framing);
  const answers: DecodedResponse[] = [];
  let closed = false;
  socket.on('data', (chunk: Buffer) => answers.push(...decoder.push(chunk).map((f) => codec.decodeResponse(f))));
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  const waitFor = async (condition: () => boolean) => {
    for (let i = 0; i < 5000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
    if (!condition()) throw new Error('condition not met');
  };
  return {
    socket,
    answers,
    closed: () => closed,
    next: async () => {
      const count = answers.length;
      await waitFor(() => answers.length > count);
      return answers[count] as DecodedResponse;
    },
    waitClosed: () => waitFor(() => closed),
  };
}

function framed(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(String(payload.length).padStart(6, '0'), 'latin1'), payload]);
}

const validBalance = () => codec.encodeRequest('balance', 31, { session: 'a'.repeat(24), account: '6222020000000001' });

async function stillServes(t: { like(a: unknown, b: unknown): void }, handle: CoreSimHandle): Promise<void> {
  for (const gw of [
    createTcpCoreBanking({ host: handle.host, port: handle.tcpPort, defaultTimeoutMs: 30_000, connectTimeoutMs: 30_000 }),
    createHttpCoreBanking({ host: handle.host, port: handle.httpPort, defaultTimeoutMs: 30_000 }),
  ]) {
    t.like(await gw.verifyCard({ cardNumber: '6222020000000001', pin: '111111' }), { ok: true });
    await gw.close();
  }
}

test('TCP: junk bytes and a huge length prefix get an S400 answer and a closed connection', async (t) => {
  const reports: ProtocolErrorReport[] = [];
  const handle = await sim(reports);
  try {
    const junk = await raw(handle.tcpPort);
    junk.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const answer = await junk.next();
    t.like(answer, { kind: 'system', respCode: 'S400', header: { requestId: 0 } });
    t.regex(answer.kind === 'system' ? answer.message ?? '' : '', /length prefix is not 6 digits: "GET \/ "/);
    await junk.waitClosed();

    const huge = await raw(handle.tcpPort);
    huge.socket.write('999999');
    const refused = await huge.next();
    t.like(refused, { kind: 'system', respCode: 'S400' });
    t.regex(refused.kind === 'system' ? refused.message ?? '' : '', /999999 bytes exceeds the 65536-byte limit/);
    await huge.waitClosed();

    t.true(reports.some((r) => r.transport === 'tcp' && /framing: length prefix/.test(r.message)));
    await stillServes(t, handle);
  } finally {
    await handle.close();
  }
});

test('TCP: a whole but bad message gets an answer echoing its request id, and the connection carries on', async (t) => {
  const reports: ProtocolErrorReport[] = [];
  const handle = await sim(reports);
  try {
    const conn = await raw(handle.tcpPort);

    conn.socket.write(framed(Buffer.from('too short')));
    t.like(await conn.next(), { kind: 'system', respCode: 'S400', message: 'message of 9 bytes is shorter than the 39-byte header' });

    const unknownTx = Buffer.from(validBalance().subarray(6));
    unknownTx.write('9999', 0, 'latin1');
    t.like(await (conn.socket.write(framed(unknownTx)), conn.next()), { kind: 'system', respCode: 'S404', header: { requestId: 31 } });

    const cut = validBalance().subarray(6, 60);
    t.like(await (conn.socket.write(framed(cut)), conn.next()), { kind: 'system', respCode: 'S400', header: { requestId: 31 } });

    const badPin = codec.encodeRequest('verifyCard', 32, { cardNumber: '6222020000000001', pin: 'abcdef' });
    const answer = await (conn.socket.write(badPin), conn.next());
    t.like(answer, { kind: 'system', respCode: 'S400', header: { requestId: 32 } });
    t.regex(answer.kind === 'system' ? answer.message ?? '' : '', /verifyCard: invalid pin/);

    const response = codec.encodeSuccess('interestRates', 33, { asOf: '2025-03-14', rates: [] });
    t.like(await (conn.socket.write(response), conn.next()), { kind: 'system', respCode: 'S400', header: { requestId: 33 } });

    // A heartbeat is fine; then a good request on the same connection is served.
    conn.socket.write('000000');
    conn.socket.write(codec.encodeRequest('interestRates', 34, {}));
    t.like(await conn.next(), { kind: 'success', operation: 'interestRates', header: { requestId: 34 } });
    t.false(conn.closed());
    t.is(reports.length, 5);
  } finally {
    await handle.close();
  }
});

test('TCP: a frame cut off by a dropped connection harms nobody else', async (t) => {
  const handle = await sim([]);
  try {
    const cut = await raw(handle.tcpPort);
    cut.socket.write('000100');
    cut.socket.write(Buffer.alloc(50, 0x41));
    cut.socket.destroy();
    const other = await raw(handle.tcpPort);
    other.socket.write(codec.encodeRequest('exchangeRates', 1, {}));
    t.like(await other.next(), { kind: 'success', operation: 'exchangeRates' });
    await stillServes(t, handle);
  } finally {
    await handle.close();
  }
});

function post(port: number, path: string, body: string | Buffer, method = 'POST', headers: Record<string, string | number> = {}) {
  return new Promise<{ status: number; json: { error?: { code: string; message: string } } }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('HTTP: bad JSON, bad fields, unknown paths, wrong methods and huge bodies get clear 4xx answers', async (t) => {
  const reports: ProtocolErrorReport[] = [];
  const handle = await sim(reports);
  const port = handle.httpPort;
  try {
    const badJson = await post(port, '/core/v1/auth/card', '{"cardNumber": "6222021234567890123", "pin": "135790",');
    t.like(badJson, { status: 400, json: { error: { code: 'BAD_JSON' } } });
    t.false(JSON.stringify([badJson, reports]).includes('135790'), 'the PIN in a broken body is not echoed or logged');
    const fields = await post(port, '/core/v1/auth/card', JSON.stringify({ cardNumber: '6222', pin: 111111, extra: true }));
    t.is(fields.status, 400);
    t.is(fields.json.error?.code, 'BAD_REQUEST');
    t.regex(fields.json.error?.message ?? '', /cardNumber, pin, \(body\)/);
    t.like(await post(port, '/core/v1/nothing', '{}'), { status: 404, json: { error: { code: 'NO_SUCH_ROUTE' } } });
    t.like(await post(port, '/core/v1/rates/interest', '', 'GET'), { status: 405, json: { error: { code: 'METHOD_NOT_ALLOWED' } } });
    t.like(await post(port, '/core/v1/rates/interest', Buffer.alloc(70 * 1024, 0x20)), { status: 413, json: { error: { code: 'TOO_LARGE' } } });
    t.true(reports.filter((r) => r.transport === 'http').length >= 5);
    await stillServes(t, handle);
  } finally {
    await handle.close();
  }
});

test('HTTP: malformed requests and cut-off bodies do not stop the server', async (t) => {
  const reports: ProtocolErrorReport[] = [];
  const handle = await sim(reports);
  try {
    const garbage = net.connect({ port: handle.httpPort, host: '127.0.0.1' });
    const reply = await new Promise<string>((resolve) => {
      let text = '';
      garbage.on('data', (c: Buffer) => (text += c.toString('latin1')));
      garbage.on('close', () => resolve(text));
      garbage.on('error', () => resolve(text));
      garbage.write('\x00\x01\x02 NOT HTTP AT ALL\r\n\r\n');
    });
    t.regex(reply, /^HTTP\/1\.1 400 Bad Request/);
    t.true(reports.some((r) => /malformed HTTP/.test(r.message)));

    const cut = net.connect({ port: handle.httpPort, host: '127.0.0.1' });
    await new Promise((resolve) => cut.once('connect', resolve));
    cut.write('POST /core/v1/auth/card HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"card');
    cut.destroy();
    await stillServes(t, handle);
  } finally {
    await handle.close();
  }
});
