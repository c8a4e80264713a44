/**
 * Plugs the data gateway into the server (createServer's `modules`): starts
 * the bundled core-banking simulator as its own process when configured
 * (coreSim.enabled), builds the GatewayClient from configuration, writes
 * every request to the transaction log (masked), and exposes metrics and
 * readiness.
 *
 * Which call a gateway request belongs to (tenant, CDR leg) travels with the
 * request in `gatewayContext` (AsyncLocalStorage): the IVR runs each call's
 * flow inside gatewayContext.run({ tenantId, legId }, ...).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPaths } from '../config/paths.js';
import type { AppServices } from '../services.js';
import { DEFAULT_BANK_TENANT_ID } from '../tenants/default-bank.js';
import { createCoreBanking } from './create-core-banking.js';
import { removeCoreSimPidFile, stopLeftoverCoreSim, writeCoreSimPidFile } from './core-sim-pid-file.js';
import type { GatewayClient } from './gateway-client.js';
import { createPromGatewayMetrics } from './prom-metrics.js';
import type { TransactionLogEntry, TransactionLogSink } from './transaction-log.js';

export interface GatewayCallContext {
  tenantId: string;
  legId?: string;
}

export const gatewayContext = new AsyncLocalStorage<GatewayCallContext>();

declare module '../services.js' {
  interface AppServices {
    /** The core banking system, through the data gateway (set by the gateway module). */
    gateway?: GatewayClient;
  }
}

function result(entry: TransactionLogEntry): 'ok' | 'rejected' | 'error' | 'timeout' {
  if (entry.outcome === 'ok') return 'ok';
  if (entry.outcome === 'business_error') return 'rejected';
  return /TIMEOUT/.test(entry.code) ? 'timeout' : 'error';
}

export function gatewayModule() {
  return async (services: AppServices): Promise<void> => {
    const { config, logger, records } = services;
    // The demo bank answers with made-up balances: never behind real lines unless asked for.
    if (config.coreSim.enabled && config.card.kind === 'dahdi' && !config.coreSim.allowWithRealCard) {
      throw new Error('refusing to start the core-banking simulator (demo bank) with a DAHDI card: set coreSim.enabled to false and gateway to the bank\'s core, or coreSim.allowWithRealCard to true for a lab');
    }
    let child: ChildProcess | undefined;
    if (config.coreSim.enabled) child = await startCoreSimProcess(services);

    const sink: TransactionLogSink = {
      write(entry: TransactionLogEntry) {
        const ctx = gatewayContext.getStore();
        return records.transactions.write({
          tenantId: ctx?.tenantId ?? DEFAULT_BANK_TENANT_ID,
          legId: ctx?.legId ?? null,
          operation: entry.operation,
          adapter: entry.adapter,
          keyFields: { ...entry.maskedKeys, ...(entry.amount !== undefined ? { amount: entry.amount } : {}), attempts: entry.attempts },
          latencyMs: Math.round(entry.latencyMs),
          result: result(entry),
          errorCode: entry.code === 'OK' ? null : entry.code,
          at: entry.at,
        }).then(() => undefined);
      },
    };
    const gateway = createCoreBanking(config.gateway, { dataDir: config.data.dir, transactionLog: sink, metrics: createPromGatewayMetrics(services.metrics.registry) });
    services.gateway = gateway;
    services.readiness.register('gateway', () => (gateway.breaker.state === 'open' ? 'core banking system unreachable (circuit open)' : null));
    services.lifecycle.register({
      name: 'gateway',
      phase: 'close',
      stop: async () => {
        await gateway.close();
        if (child && child.exitCode === null) {
          child.kill('SIGTERM');
          await new Promise((r) => child!.once('exit', r));
        }
        if (child) removeCoreSimPidFile(coreSimPidFile(services));
      },
    });
    logger.info(
      {
        adapter: config.gateway.adapter,
        host: config.gateway.host,
        port: config.gateway.port,
        tls: config.gateway.tls !== undefined,
        pinBlock: config.gateway.pinBlock?.format ?? 'off',
        coreSim: config.coreSim.enabled,
      },
      'data gateway ready',
    );
  };
}

const here = dirname(fileURLToPath(import.meta.url));

const coreSimPidFile = (services: AppServices) => join(dataPaths(services.config).root, 'core-sim.pid');

/**
 * Starts `tellerline core-sim` as a child process and waits until it listens. The child watches
 * this process (its stdin pipe and --parent-pid) and ends with it, even after `kill -9`; one
 * that outlived an earlier server anyway is stopped first (see core-sim-pid-file.ts).
 */
async function startCoreSimProcess(services: AppServices): Promise<ChildProcess> {
  const c = services.config.coreSim;
  const pidFile = coreSimPidFile(services);
  const leftover = await stopLeftoverCoreSim(pidFile);
  if (leftover.outcome === 'stopped' || leftover.outcome === 'killed') {
    services.logger.warn({ pid: leftover.pid, outcome: leftover.outcome }, 'stopped a core-banking simulator left over from an earlier run');
  } else if (leftover.outcome === 'not-a-core-sim') {
    services.logger.info({ pid: leftover.pid }, 'stale core-sim pid file: that process is not a core-banking simulator; left alone');
  }
  const args = [
    join(here, '..', '..', 'bin', 'tellerline.js'), 'core-sim', '--parent-pid', String(process.pid),
    '--host', c.host, '--http-port', String(c.httpPort), '--tcp-port', String(c.tcpPort), '--admin-port', String(c.adminPort),
    '--encoding', c.encoding === 'utf8' ? 'utf8' : 'gb18030',
    ...(c.today ? ['--today', c.today] : []),
    ...(c.tls ? ['--tls-cert', c.tls.certFile, '--tls-key', c.tls.keyFile, ...(c.tls.clientCaFile ? ['--tls-client-ca', c.tls.clientCaFile] : [])] : []),
    // The demo bank opens PIN blocks with the gateway's own key.
    ...(services.config.gateway.pinBlock
      ? ['--pin-block-format', services.config.gateway.pinBlock.format, '--pin-block-key', services.config.gateway.pinBlock.keyFile]
      : []),
  ];
  // stdin stays an open pipe that is never written: the child sees it close when this process dies.
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid !== undefined) writeCoreSimPidFile(pidFile, child.pid);
  child.stderr!.on('data', (chunk: Buffer) => services.logger.warn({ coreSim: chunk.toString().trim() }, 'core-sim'));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the core-banking simulator did not start within 30 s')), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('"listening"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      removeCoreSimPidFile(pidFile);
      reject(new Error(`the core-banking simulator exited (code ${code}); are ports ${c.httpPort}-${c.adminPort} free?`));
    });
  });
  child.removeAllListeners('exit');
  child.once('exit', (code) => services.logger.warn({ code }, 'core-banking simulator exited'));
  services.logger.info({ tcp: c.tcpPort, http: c.httpPort, admin: c.adminPort }, 'core-banking simulator started');
  return child;
}
