/**
 * `tellerline core-sim` with TLS (requiring client certificates) and PIN blocks, as the gateway
 * module starts it for a demo with `coreSim.tls` and `gateway.pinBlock`: the gateway configured
 * the same way verifies a card through it.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCoreBanking } from '../../src/gateway/create-core-banking.js';
import { makeThrowawayPki } from './throwaway-pki.js';
import { runCoreSim } from '../helpers/core-sim-cli.js';

test('core-sim over TLS with client certificates and iso4 PIN blocks serves a gateway set up the same way', async (t) => {
  const pki = makeThrowawayPki();
  const keys = mkdtempSync(join(tmpdir(), 'tellerline-pinkey-'));
  const keyFile = join(keys, 'pin-block.key');
  writeFileSync(keyFile, '2B7E151628AED2A6ABF7158809CF4F3C\n', { mode: 0o600 });
  const sim = runCoreSim([
    '--http-port', '0', '--tcp-port', '0', '--admin-port', '0', '--today', '2025-03-14',
    '--tls-cert', pki.serverCert, '--tls-key', pki.serverKey, '--tls-client-ca', pki.caCert,
    '--pin-block-format', 'iso4', '--pin-block-key', keyFile,
  ]);
  try {
    const ready = JSON.parse(await sim.firstLine()) as { httpPort: number; tcpPort: number };
    for (const config of [
      { adapter: 'http' as const, port: ready.httpPort },
      { adapter: 'tcp' as const, port: ready.tcpPort, connectTimeoutMs: 30_000 },
    ]) {
      const gw = createCoreBanking({
        ...config,
        host: '127.0.0.1',
        defaultTimeoutMs: 30_000,
        tls: { caFile: pki.caCert, certFile: pki.clientCert, keyFile: pki.clientKey },
        pinBlock: { format: 'iso4', keyFile },
      });
      try {
        t.like(await gw.verifyCard({ cardNumber: '6222021234567890123', pin: '135790' }), { ok: true }, config.adapter);
      } finally {
        await gw.close();
      }
    }
    sim.child.kill('SIGTERM');
    t.is(await sim.exited, 0);
  } finally {
    if (sim.child.exitCode === null) sim.child.kill('SIGKILL');
    pki.remove();
    rmSync(keys, { recursive: true, force: true });
  }
});

test('core-sim refuses half a TLS or PIN-block setting, naming the option', async (t) => {
  const halfTls = runCoreSim(['--tls-cert', '/nonexistent.pem']);
  const halfBlock = runCoreSim(['--pin-block-format', 'iso4']);
  const badFormat = runCoreSim(['--pin-block-format', 'iso9', '--pin-block-key', '/nonexistent.key']);
  t.not(await halfTls.exited, 0);
  t.not(await halfBlock.exited, 0);
  t.not(await badFormat.exited, 0);
  t.regex(halfTls.output().stderr, /--tls-cert and --tls-key go together/);
  t.regex(halfBlock.output().stderr, /--pin-block-format and --pin-block-key go together/);
  t.regex(badFormat.output().stderr, /--pin-block-format: iso0 or iso4/);
});
