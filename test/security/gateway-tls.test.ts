/**
 * The gateway's TLS (both adapters) against the simulated core serving TLS with a throwaway
 * PKI, PIN blocks end to end, and the refusals at start when the bank's files are missing or
 * open to others.
 */
import test from 'ava';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCoreSim, type CoreSimHandle, type CoreSimOptions } from '../../src/coresim/core-sim.js';
import { createCoreBanking, type GatewayConfig } from '../../src/gateway/create-core-banking.js';
import { GatewayError } from '../../src/gateway/gateway-error.js';
import type { GatewayClient } from '../../src/gateway/gateway-client.js';
import { PinBlocks } from '../../src/gateway/pin-block/pin-blocks.js';
import { makeThrowawayPki, type ThrowawayPki } from './throwaway-pki.js';

const today = '2025-03-14';
const card = { cardNumber: '6222021234567890123', pin: '135790' };
let pki: ThrowawayPki;
let keysDir: string;

test.before(() => {
  pki = makeThrowawayPki();
  keysDir = mkdtempSync(join(tmpdir(), 'tellerline-keys-'));
});
test.after.always(() => {
  pki.remove();
  rmSync(keysDir, { recursive: true, force: true });
});

type Adapter = 'tcp' | 'http';

function gatewayConfig(sim: CoreSimHandle, adapter: Adapter, extra: Partial<Record<'tls' | 'pinBlock', unknown>> = {}): GatewayConfig {
  const base = adapter === 'tcp'
    ? { adapter, host: sim.host, port: sim.tcpPort, encoding: 'gb18030' as const, connectTimeoutMs: 30_000, backoff: { initialMs: 50, maxMs: 200 } }
    : { adapter, host: sim.host, port: sim.httpPort };
  return { ...base, defaultTimeoutMs: 30_000, retry: { maxAttempts: 1, delaysMs: [0] }, ...extra } as GatewayConfig;
}

async function withSim(options: CoreSimOptions, fn: (sim: CoreSimHandle, protocolErrors: string[]) => Promise<void>): Promise<void> {
  const protocolErrors: string[] = [];
  const sim = await startCoreSim({ today, onProtocolError: (r) => protocolErrors.push(r.message), ...options });
  try {
    await fn(sim, protocolErrors);
  } finally {
    await sim.close();
  }
}

async function using<T>(gw: GatewayClient, fn: (gw: GatewayClient) => Promise<T>): Promise<T> {
  try {
    return await fn(gw);
  } finally {
    await gw.close();
  }
}

const simTls = () => ({ cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey) });

for (const adapter of ['tcp', 'http'] as const) {
  test(`${adapter}: TLS with the bank's CA verifies the core and carries the call`, (t) =>
    withSim({ tls: simTls() }, async (sim) => {
      const gw = createCoreBanking(gatewayConfig(sim, adapter, { tls: { caFile: pki.caCert } }));
      const result = await using(gw, (g) => g.verifyCard(card));
      t.like(result, { ok: true, customerClass: 'public' });
    }));

  test(`${adapter}: a core whose certificate another CA signed is refused before anything is sent`, (t) =>
    withSim({ tls: simTls() }, async (sim) => {
      const gw = createCoreBanking(gatewayConfig(sim, adapter, { tls: { caFile: pki.otherCaCert } }));
      const error = await using(gw, (g) => t.throwsAsync(g.verifyCard(card), { instanceOf: GatewayError }));
      t.is(error!.code, 'GATEWAY_UNAVAILABLE');
      t.false(error!.mayHaveReachedCore);
    }));

  test(`${adapter}: the certificate must carry the configured server name`, (t) =>
    withSim({ tls: simTls() }, async (sim) => {
      const good = createCoreBanking(gatewayConfig(sim, adapter, { tls: { caFile: pki.caCert, serverName: 'core.bank.test' } }));
      t.like(await using(good, (g) => g.verifyCard(card)), { ok: true });
      const bad = createCoreBanking(gatewayConfig(sim, adapter, { tls: { caFile: pki.caCert, serverName: 'other.bank.test' } }));
      const error = await using(bad, (g) => t.throwsAsync(g.verifyCard(card), { instanceOf: GatewayError }));
      t.is(error!.code, 'GATEWAY_UNAVAILABLE');
    }));

  test(`${adapter}: a core that requires client certificates takes ours and refuses a client without one`, (t) =>
    withSim({ tls: { ...simTls(), clientCa: pki.read(pki.caCert) } }, async (sim, protocolErrors) => {
      const withCert = createCoreBanking(gatewayConfig(sim, adapter, { tls: { caFile: pki.caCert, certFile: pki.clientCert, keyFile: pki.clientKey } }));
      t.like(await using(withCert, (g) => g.verifyCard(card)), { ok: true });
      const without = createCoreBanking(gatewayConfig(sim, adapter, { tls: { caFile: pki.caCert } }));
      const error = await using(without, (g) => t.throwsAsync(g.verifyCard(card), { instanceOf: GatewayError }));
      t.true(['GATEWAY_UNAVAILABLE', 'GATEWAY_CONNECTION_LOST'].includes(error!.code), error!.code);
      t.true(protocolErrors.some((m) => m.startsWith('TLS:')), 'the core saw the handshake without a certificate');
    }));
}

test('TLS asked for and its files missing or unreadable: the gateway refuses to start, naming the setting and path', (t) => {
  const sim = { host: '127.0.0.1', tcpPort: 1, httpPort: 1 } as CoreSimHandle;
  const missing = join(pki.dir, 'no-such-ca.crt');
  t.throws(() => createCoreBanking(gatewayConfig(sim, 'tcp', { tls: { caFile: missing } })), {
    message: new RegExp(`gateway\\.tls\\.caFile: cannot read ${missing.replace(/[.]/g, '\\.')} \\(ENOENT\\)`),
  });
  t.throws(() => createCoreBanking(gatewayConfig(sim, 'http', { tls: { caFile: pki.caCert, certFile: pki.clientCert, keyFile: join(pki.dir, 'gone.key') } })), {
    message: /gateway\.tls\.keyFile: cannot read/,
  });
  const openKey = join(pki.dir, 'open.key');
  writeFileSync(openKey, pki.read(pki.clientKey));
  chmodSync(openKey, 0o644);
  t.throws(() => createCoreBanking(gatewayConfig(sim, 'tcp', { tls: { caFile: pki.caCert, certFile: pki.clientCert, keyFile: openKey } })), {
    message: /gateway\.tls\.keyFile: .* open to other users/,
  });
  // A certificate without its key is a configuration error, caught by the schema.
  t.throws(() => createCoreBanking(gatewayConfig(sim, 'tcp', { tls: { caFile: pki.caCert, certFile: pki.clientCert } })));
});

function writeKey(name: string, hex: string, mode = 0o600): string {
  const file = join(keysDir, name);
  writeFileSync(file, `${hex}\n`, { mode });
  chmodSync(file, mode);
  return file;
}

/** A TCP relay that keeps every byte the gateway sends, to look for the PIN on the wire. */
async function recordingRelay(target: number): Promise<{ port: number; sent: () => Buffer; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sent: () => Buffer.concat(chunks),
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

for (const [format, keyHex] of [['iso0', '0123456789ABCDEFFEDCBA9876543210'], ['iso4', '2B7E151628AED2A6ABF7158809CF4F3C']] as const) {
  for (const adapter of ['tcp', 'http'] as const) {
    test(`${adapter} + ${format} PIN blocks: the core opens the block with the bank's key; no PIN or password on the wire`, async (t) => {
      const keyFile = writeKey(`${format}-${adapter}.key`, keyHex);
      await withSim({ pinBlocks: new PinBlocks(format, Buffer.from(keyHex, 'hex')) }, async (sim) => {
        const relay = await recordingRelay(adapter === 'tcp' ? sim.tcpPort : sim.httpPort);
        try {
          const config = { ...gatewayConfig(sim, adapter, { pinBlock: { format, keyFile } }), port: relay.port } as GatewayConfig;
          await using(createCoreBanking(config), async (gw) => {
            t.like(await gw.verifyCard(card), { ok: true });
            t.like(await gw.verifyCard({ ...card, pin: '000000' }), { ok: false, code: 'WRONG_PASSWORD' });
            t.like(await gw.verifySignedCustomer({ customerNumber: '88000001', password: '24681357' }), { ok: true });
            t.like(await gw.verifyCorporate({ shortAccount: '80001', queryPassword: '888888' }), { ok: true });
            t.like(await gw.verifyPassbook({ account: '1001200030004001', password: '123456' }), { ok: true });
          });
          const wire = relay.sent().toString('latin1');
          t.true(wire.includes('6222021234567890123'), 'the relay saw the requests');
          // The passbook password 123456 also occurs inside the card number: not a useful probe.
          for (const secret of ['135790', '24681357', '888888']) t.false(wire.includes(secret), `${secret} crossed in clear`);
        } finally {
          await relay.close();
        }
      });
    });
  }
}

test('a core expecting PIN blocks refuses clear PINs, and a block under another key', (t) =>
  withSim({ pinBlocks: new PinBlocks('iso4', Buffer.from('2B7E151628AED2A6ABF7158809CF4F3C', 'hex')) }, async (sim, protocolErrors) => {
    const clear = createCoreBanking(gatewayConfig(sim, 'http'));
    const e1 = await using(clear, (g) => t.throwsAsync(g.verifyCard(card), { instanceOf: GatewayError }));
    t.is(e1!.code, 'GATEWAY_PROTOCOL_ERROR');
    const keyFile = writeKey('other.key', '000102030405060708090A0B0C0D0E0F');
    const otherKey = createCoreBanking(gatewayConfig(sim, 'tcp', { pinBlock: { format: 'iso4', keyFile } }));
    const e2 = await using(otherKey, (g) => t.throwsAsync(g.verifyCard(card), { instanceOf: GatewayError }));
    t.is(e2!.code, 'GATEWAY_PROTOCOL_ERROR');
    t.true(protocolErrors.length >= 2);
    t.false(protocolErrors.join('\n').includes('135790'));
  }));

test('the PIN-block key must be the bank\'s file: owner-only, outside the data directory, 32 hex digits, real TDEA', (t) => {
  const sim = { host: '127.0.0.1', tcpPort: 1, httpPort: 1 } as CoreSimHandle;
  const build = (format: 'iso0' | 'iso4', keyFile: string, dataDir?: string) =>
    createCoreBanking(gatewayConfig(sim, 'http', { pinBlock: { format, keyFile } }), dataDir ? { dataDir } : {});
  t.throws(() => build('iso4', join(keysDir, 'missing.key')), { message: /gateway\.pinBlock\.keyFile: cannot read .*ENOENT/ });
  t.throws(() => build('iso4', writeKey('group.key', '2B7E151628AED2A6ABF7158809CF4F3C', 0o640)), { message: /open to users other than its owner.*chmod 600/ });
  t.throws(() => build('iso4', writeKey('short.key', '2B7E1516')), { message: /32 hex digits/ });
  t.throws(() => build('iso0', writeKey('des.key', '0123456789ABCDEF0123456789ABCDEF')), { message: /single DES/ });
  const dataDir = join(keysDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const inData = join(dataDir, 'pin.key');
  writeFileSync(inData, '2B7E151628AED2A6ABF7158809CF4F3C\n', { mode: 0o600 });
  t.throws(() => build('iso4', inData, dataDir), { message: /inside the data directory/ });
  const error = t.throws(() => build('iso4', writeKey('bad.key', 'Z'.repeat(32))));
  t.false(error!.message.includes('ZZZZ'), 'the key file\'s content is not quoted');
  t.notThrows(() => void build('iso4', writeKey('good.key', '2B7E151628AED2A6ABF7158809CF4F3C'), dataDir).close());
});
