/** The HTTP/JSON adapter against a scripted core: requests on the wire, status mapping, pooling. */
import test from 'ava';
import http from 'node:http';
import type net from 'node:net';
import { GatewayError } from '../../src/gateway/gateway-error.js';
import { httpRoutes } from '../../src/gateway/http/http-routes.js';
import { HttpTransport } from '../../src/gateway/http/http-transport.js';
import { rejection } from './rejection.js';
import { sampleRequests, sampleResults } from './sample-messages.js';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

async function scriptedCore(handler: Handler) {
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const options = (requestId = 'req-1') => ({ signal: new AbortController().signal, timeoutMs: 1000, requestId });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof GatewayError ? `${error.code}: ${error.message}` : String(error);
  }
}

test('a request is a POST of JSON to the operation path, with the request id', async (t) => {
  let seen: { method?: string; url?: string; id?: string; type?: string; body?: unknown } = {};
  const core = await scriptedCore((req, body, res) => {
    seen = { method: req.method, url: req.url, id: req.headers['x-request-id'] as string, type: req.headers['content-type'], body: JSON.parse(body) };
    res.end(JSON.stringify(sampleResults.transfer));
  });
  const transport = new HttpTransport({ host: '127.0.0.1', port: core.port, basePath: '/bank' });
  try {
    t.deepEqual(await transport.send('transfer', sampleRequests.transfer, options('id-42')), sampleResults.transfer);
    t.deepEqual(seen, { method: 'POST', url: `/bank${httpRoutes.transfer}`, id: 'id-42', type: 'application/json', body: sampleRequests.transfer });
  } finally {
    await transport.close();
    await core.stop();
  }
});

test('status codes and bodies map to typed errors', async (t) => {
  let reply: (res: http.ServerResponse) => void = () => {};
  const core = await scriptedCore((_req, _body, res) => reply(res));
  const transport = new HttpTransport({ host: '127.0.0.1', port: core.port, maxResponseBytes: 4096 });
  const cases: [string, (res: http.ServerResponse) => void, RegExp][] = [
    ['500', (res) => res.writeHead(500).end('{"error":{"code":"DB_DOWN","message":"database"}}'), /^GATEWAY_CORE_ERROR: .*HTTP 500 \(DB_DOWN: database\)/],
    ['503', (res) => res.writeHead(503).end(), /^GATEWAY_CORE_ERROR: .*HTTP 503/],
    ['400', (res) => res.writeHead(400).end('{"error":{"code":"BAD_REQUEST"}}'), /^GATEWAY_PROTOCOL_ERROR: .*HTTP 400 \(BAD_REQUEST\)/],
    ['not JSON', (res) => res.end('<html>'), /^GATEWAY_PROTOCOL_ERROR: .*not JSON/],
    ['wrong shape', (res) => res.end('{"ok":true,"ledgerBalance":"lots"}'), /^GATEWAY_PROTOCOL_ERROR: .*failed validation \(account, currency, ledgerBalance/],
    ['too large', (res) => res.end(JSON.stringify({ ok: true, pad: 'x'.repeat(10_000) })), /^GATEWAY_PROTOCOL_ERROR: .*larger than 4096 bytes/],
    ['reset', (res) => res.socket?.destroy(), /^GATEWAY_CONNECTION_LOST: /],
  ];
  try {
    for (const [name, handler, expected] of cases) {
      reply = handler;
      t.regex(await codeOf(transport.send('balance', sampleRequests.balance, options())), expected, name);
    }
    reply = (res) => res.end(JSON.stringify({ ok: false, code: 'ACCOUNT_FROZEN', message: '账户已冻结' }));
    t.deepEqual(await transport.send('balance', sampleRequests.balance, options()), { ok: false, code: 'ACCOUNT_FROZEN', message: '账户已冻结' });
  } finally {
    await transport.close();
    await core.stop();
  }
});

test('keep-alive: connections are reused, never more than maxSockets', async (t) => {
  const core = await scriptedCore((_req, _body, res) => setImmediate(() => res.end(JSON.stringify(sampleResults.balance))));
  const transport = new HttpTransport({ host: '127.0.0.1', port: core.port, maxSockets: 3 });
  try {
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(Array.from({ length: 10 }, () => transport.send('balance', sampleRequests.balance, options())));
      t.true(results.every((r) => r.ok));
    }
    t.true(core.connections() <= 3, `${core.connections()} connections for 50 requests`);
  } finally {
    await transport.close();
    await core.stop();
  }
});

test('nothing listening is GATEWAY_UNAVAILABLE and marked as never sent', async (t) => {
  const core = await scriptedCore(() => {});
  const port = core.port;
  await core.stop();
  const transport = new HttpTransport({ host: '127.0.0.1', port });
  try {
    const error = await rejection(transport.send('interestRates', {}, options()));
    t.is(error.code, 'GATEWAY_UNAVAILABLE');
    t.false(error.mayHaveReachedCore);
  } finally {
    await transport.close();
  }
});
