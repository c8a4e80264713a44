/**
 * Building a gateway from settings: the configuration schema (what an operator may set) and
 * the factories that wrap an adapter in GatewayClient.
 */
import { z } from 'zod';
import type { Clock } from './clock.js';
import { operationNames, type OperationName } from './core-banking.js';
import { GatewayClient, type GatewayClientOptions } from './gateway-client.js';
import { GatewayTlsConfig, loadGatewayTls } from './gateway-tls.js';
import { HttpTransport, type HttpTransportOptions } from './http/http-transport.js';
import { pinBlockFormats, type PinBlockFormat } from './pin-block/iso9564.js';
import { loadPinBlockKey } from './pin-block/pin-block-key.js';
import { PinBlocks } from './pin-block/pin-blocks.js';
import type { GatewayMetrics } from './metrics.js';
import { TcpTransport, type TcpTransportOptions } from './tcp/tcp-transport.js';
import type { TransactionLogSink } from './transaction-log.js';

const Millis = z.int().min(1).max(600_000);

const CommonConfig = {
  host: z.string().min(1).default('127.0.0.1'),
  port: z.int().min(1).max(65535),
  /** Time budget per call, retries included. */
  defaultTimeoutMs: Millis.default(3000),
  timeouts: z.partialRecord(z.enum(operationNames as [OperationName, ...OperationName[]]), Millis).default({}),
  retry: z
    .strictObject({ maxAttempts: z.int().min(1).max(5).default(3), delaysMs: z.array(z.int().min(0).max(10_000)).min(1).default([20, 60]) })
    .default({ maxAttempts: 3, delaysMs: [20, 60] }),
  breaker: z
    .strictObject({
      consecutiveFailures: z.int().min(1).default(5),
      failureRate: z
        .strictObject({ threshold: z.number().gt(0).max(1), window: z.int().min(2), minimumCalls: z.int().min(1) })
        .optional(),
      coolDownMs: Millis.default(5000),
      halfOpenProbes: z.int().min(1).default(1),
    })
    .default({ consecutiveFailures: 5, coolDownMs: 5000, halfOpenProbes: 1 }),
  nameMask: z.enum(['none', 'keep-surname', 'keep-first-last']).default('keep-surname'),
  /** TLS to the core with the bank's CA (and a client certificate when the core asks for one). */
  tls: GatewayTlsConfig.optional(),
  /** PINs and passwords leave as ISO 9564 PIN blocks under the bank's key, never in clear. */
  pinBlock: z
    .strictObject({ format: z.enum(pinBlockFormats as [PinBlockFormat, ...PinBlockFormat[]]), keyFile: z.string().min(1) })
    .optional(),
};

export const GatewayConfig = z.discriminatedUnion('adapter', [
  z.strictObject({
    adapter: z.literal('http'),
    ...CommonConfig,
    basePath: z.string().default(''),
    maxSockets: z.int().min(1).max(1024).default(16),
  }),
  z.strictObject({
    adapter: z.literal('tcp'),
    ...CommonConfig,
    encoding: z.enum(['gb18030', 'utf8']).default('gb18030'),
    lengthPrefix: z
      .discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('ascii'), digits: z.int().min(2).max(9) }),
        z.strictObject({ kind: z.literal('binary'), bytes: z.union([z.literal(2), z.literal(4)]) }),
      ])
      .default({ kind: 'ascii', digits: 6 }),
    maxFrameBytes: z.int().min(64).default(64 * 1024),
    channel: z.string().regex(/^[\x20-\x7e]{1,4}$/).default('IVR1'),
    minConnections: z.int().min(0).max(256).default(1),
    maxConnections: z.int().min(1).max(256).default(4),
    maxInFlightPerConnection: z.int().min(1).max(10_000).default(32),
    connectTimeoutMs: Millis.default(1000),
    backoff: z.strictObject({ initialMs: Millis, maxMs: Millis }).default({ initialMs: 100, maxMs: 5000 }),
    maxQueued: z.int().min(0).default(1000),
  }),
]);
export type GatewayConfig = z.input<typeof GatewayConfig>;

/** What the integrator supplies besides settings. */
export interface GatewayDependencies {
  clock?: Clock;
  transactionLog?: TransactionLogSink;
  metrics?: GatewayMetrics;
  /** The data directory: a PIN-block key inside it is refused. */
  dataDir?: string;
}

type CommonOptions = Omit<GatewayClientOptions, 'transport'>;

export function createHttpCoreBanking(options: HttpTransportOptions & CommonOptions): GatewayClient {
  return new GatewayClient({ ...options, transport: new HttpTransport(options) });
}

export function createTcpCoreBanking(options: TcpTransportOptions & CommonOptions): GatewayClient {
  return new GatewayClient({ ...options, transport: new TcpTransport(options) });
}

/**
 * Validates settings (throws a ZodError naming the bad ones), reads the TLS and PIN-block files
 * (throws a GatewayFileError naming the setting and the path) and builds the gateway.
 */
export function createCoreBanking(config: GatewayConfig, deps: GatewayDependencies = {}): GatewayClient {
  const c = GatewayConfig.parse(config);
  const { dataDir, ...clientDeps } = deps;
  const secure = {
    ...(c.tls ? { tls: loadGatewayTls(c.tls, c.host) } : {}),
    ...(c.pinBlock ? { pinBlocks: new PinBlocks(c.pinBlock.format, loadPinBlockKey(c.pinBlock.keyFile, c.pinBlock.format, dataDir)) } : {}),
  };
  const common: CommonOptions = {
    ...clientDeps,
    defaultTimeoutMs: c.defaultTimeoutMs,
    timeouts: c.timeouts,
    retry: c.retry,
    breaker: c.breaker,
    nameMask: c.nameMask,
  };
  if (c.adapter === 'http') {
    return createHttpCoreBanking({ ...common, ...secure, host: c.host, port: c.port, basePath: c.basePath, maxSockets: c.maxSockets });
  }
  return createTcpCoreBanking({
    ...common,
    ...secure,
    host: c.host,
    port: c.port,
    encoding: c.encoding,
    framing: { prefix: c.lengthPrefix, maxFrameBytes: c.maxFrameBytes },
    channel: c.channel,
    minConnections: c.minConnections,
    maxConnections: c.maxConnections,
    maxInFlightPerConnection: c.maxInFlightPerConnection,
    connectTimeoutMs: c.connectTimeoutMs,
    backoff: c.backoff,
    maxQueued: c.maxQueued,
  });
}
