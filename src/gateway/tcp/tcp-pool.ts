/**
 * A pool of multiplexed TCP connections to the core.
 *
 * - Keeps at least `minConnections` open, reconnecting with exponential back-off (with
 *   jitter) when they drop or cannot be opened.
 * - Opens more, up to `maxConnections`, when the open ones are busy; each connection carries
 *   up to `maxInFlightPerConnection` requests at once.
 * - When every connection is full, requests wait in a bounded queue (GATEWAY_OVERLOADED
 *   beyond `maxQueued`).
 * - Fails fast: with no connection open and the last attempt failed (the back-off window is
 *   running), a request is refused at once with GATEWAY_UNAVAILABLE instead of waiting.
 */
import type { ConnectionOptions } from 'node:tls';
import type { Clock, TimerHandle } from '../clock.js';
import { GatewayError } from '../gateway-error.js';
import type { GatewayMetrics } from '../metrics.js';
import type { DecodedResponse, MessageCodec } from './message-codec.js';
import { TcpConnection } from './tcp-connection.js';

export interface TcpPoolOptions {
  host: string;
  port: number;
  /** Default 1. */
  minConnections?: number;
  /** Default 4. */
  maxConnections?: number;
  /** Default 32. */
  maxInFlightPerConnection?: number;
  /** Default 1000 ms. */
  connectTimeoutMs?: number;
  /** Reconnect delays: initial, doubling to max. Default 100 ms → 5000 ms. */
  backoff?: { initialMs: number; maxMs: number };
  /** Requests allowed to wait for a free slot. Default 1000. */
  maxQueued?: number;
  /** TLS to the core (gateway-tls.ts); clear TCP without it. */
  tls?: ConnectionOptions;
}

interface Waiter {
  resolve(connection: TcpConnection): void;
  reject(error: GatewayError): void;
}

export interface PoolSnapshot {
  open: number;
  connecting: number;
  inFlight: number;
  queued: number;
  consecutiveConnectFailures: number;
  lateResponses: number;
}

export class TcpConnectionPool {
  readonly #options: Required<Omit<TcpPoolOptions, 'tls'>> & Pick<TcpPoolOptions, 'tls'>;
  readonly #codec: MessageCodec;
  readonly #clock: Clock;
  readonly #metrics: GatewayMetrics;
  readonly #random: () => number;
  readonly #open: TcpConnection[] = [];
  readonly #waiters: Waiter[] = [];
  #connecting = 0;
  #failures = 0;
  #lastFailure = '';
  #retryAt = 0;
  #reconnectTimer: TimerHandle | undefined;
  #lateFromClosed = 0;
  #closed = false;

  constructor(codec: MessageCodec, clock: Clock, metrics: GatewayMetrics, options: TcpPoolOptions, random: () => number = Math.random) {
    this.#options = {
      minConnections: 1,
      maxConnections: 4,
      maxInFlightPerConnection: 32,
      connectTimeoutMs: 1000,
      backoff: { initialMs: 100, maxMs: 5000 },
      maxQueued: 1000,
      ...options,
    };
    const { minConnections, maxConnections } = this.#options;
    if (minConnections < 0 || maxConnections < 1 || minConnections > maxConnections) throw new Error('pool: 0 ≤ min ≤ max, max ≥ 1');
    this.#codec = codec;
    this.#clock = clock;
    this.#metrics = metrics;
    this.#random = random;
  }

  /** Opens the minimum number of connections (failures only start the back-off). */
  start(): void {
    this.#topUp();
  }

  snapshot(): PoolSnapshot {
    return {
      open: this.#open.length,
      connecting: this.#connecting,
      inFlight: this.#open.reduce((sum, c) => sum + c.load, 0),
      queued: this.#waiters.length,
      consecutiveConnectFailures: this.#failures,
      lateResponses: this.#lateFromClosed + this.#open.reduce((sum, c) => sum + c.lateResponses, 0),
    };
  }

  /** Sends one framed request and waits for its response. */
  async request(frame: Buffer, requestId: number, signal: AbortSignal): Promise<DecodedResponse> {
    const connection = await this.#acquire(signal);
    this.#reportGauges();
    return connection.send(frame, requestId, signal);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#reconnectTimer?.cancel();
    for (const waiter of this.#waiters.splice(0)) {
      waiter.reject(new GatewayError('GATEWAY_CLOSED', 'gateway closed', { mayHaveReachedCore: false }));
    }
    for (const connection of [...this.#open]) connection.close();
  }

  #acquire(signal: AbortSignal): Promise<TcpConnection> {
    if (this.#closed) return Promise.reject(new GatewayError('GATEWAY_CLOSED', 'gateway closed', { mayHaveReachedCore: false }));
    const free = this.#leastLoaded();
    if (free) {
      // Grow early when the best connection already has work, so load spreads.
      if (free.load > 0) this.#grow();
      free.reserve();
      return Promise.resolve(free);
    }
    if (this.#open.length === 0 && this.#connecting === 0 && this.#failures > 0 && this.#clock.now() < this.#retryAt) {
      return Promise.reject(this.#unavailable());
    }
    if (this.#waiters.length >= this.#options.maxQueued) {
      return Promise.reject(new GatewayError('GATEWAY_OVERLOADED', `more than ${this.#options.maxQueued} requests waiting for the core`, { mayHaveReachedCore: false }));
    }
    this.#grow();
    return new Promise<TcpConnection>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (connection) => {
          signal.removeEventListener('abort', onAbort);
          resolve(connection);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = () => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(new GatewayError('GATEWAY_TIMEOUT', 'no connection to the core in time', { mayHaveReachedCore: false }));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  #leastLoaded(): TcpConnection | undefined {
    let best: TcpConnection | undefined;
    for (const connection of this.#open) {
      if (connection.closed || connection.load >= this.#options.maxInFlightPerConnection) continue;
      if (!best || connection.load < best.load) best = connection;
      if (best.load === 0) break;
    }
    return best;
  }

  /** Hands free slots to waiting requests. */
  #dispatch(): void {
    while (this.#waiters.length > 0) {
      const connection = this.#leastLoaded();
      if (!connection) break;
      const waiter = this.#waiters.shift();
      if (!waiter) break;
      connection.reserve();
      waiter.resolve(connection);
    }
    this.#reportGauges();
  }

  /** Opens one more connection if allowed and not in back-off. */
  #grow(): void {
    if (this.#closed || this.#open.length + this.#connecting >= this.#options.maxConnections) return;
    if (this.#failures > 0 && this.#clock.now() < this.#retryAt) return;
    // One attempt at a time while the core is failing.
    if (this.#failures > 0 && this.#connecting > 0) return;
    this.#connect();
  }

  #topUp(): void {
    while (!this.#closed && this.#open.length + this.#connecting < this.#options.minConnections) {
      if (this.#failures > 0 && this.#clock.now() < this.#retryAt) {
        this.#scheduleReconnect();
        return;
      }
      this.#connect();
      if (this.#failures > 0) return;
    }
  }

  #connect(): void {
    this.#connecting++;
    TcpConnection.connect({
      host: this.#options.host,
      port: this.#options.port,
      codec: this.#codec,
      clock: this.#clock,
      connectTimeoutMs: this.#options.connectTimeoutMs,
      ...(this.#options.tls ? { tls: this.#options.tls } : {}),
      onSlotFreed: () => this.#dispatch(),
      onClosed: (connection, reason) => this.#closedConnection(connection, reason),
    }).then(
      (connection) => {
        this.#connecting--;
        if (this.#closed) {
          connection.close();
          return;
        }
        this.#failures = 0;
        this.#open.push(connection);
        this.#dispatch();
        this.#topUp();
      },
      (error: GatewayError) => {
        this.#connecting--;
        this.#failures++;
        this.#lastFailure = error.message;
        const { initialMs, maxMs } = this.#options.backoff;
        const base = Math.min(maxMs, initialMs * 2 ** (this.#failures - 1));
        this.#retryAt = this.#clock.now() + base * (0.8 + 0.4 * this.#random());
        // Nobody can serve the waiting requests now: tell them at once.
        if (this.#open.length === 0 && this.#connecting === 0) {
          for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#unavailable());
        }
        this.#scheduleReconnect();
        this.#reportGauges();
      },
    );
    this.#reportGauges();
  }

  #closedConnection(connection: TcpConnection, _reason: string): void {
    const index = this.#open.indexOf(connection);
    if (index >= 0) this.#open.splice(index, 1);
    this.#lateFromClosed += connection.lateResponses;
    this.#reportGauges();
    if (this.#closed) return;
    this.#topUp();
    this.#dispatch();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer) return;
    if (this.#open.length + this.#connecting >= Math.max(1, this.#options.minConnections)) return;
    const delay = Math.max(0, this.#retryAt - this.#clock.now());
    this.#reconnectTimer = this.#clock.setTimer(delay, () => {
      this.#reconnectTimer = undefined;
      if (this.#closed) return;
      if (this.#open.length + this.#connecting < Math.max(1, this.#options.minConnections)) this.#connect();
    });
  }

  #unavailable(): GatewayError {
    return new GatewayError('GATEWAY_UNAVAILABLE', `core unreachable: ${this.#lastFailure}`, { mayHaveReachedCore: false });
  }

  #reportGauges(): void {
    const labels = { adapter: 'tcp' };
    this.#metrics.setGauge('gateway_pool_connections', labels, this.#open.length);
    this.#metrics.setGauge('gateway_pool_in_flight', labels, this.#open.reduce((sum, c) => sum + c.load, 0));
  }
}
