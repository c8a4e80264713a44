/**
 * What an adapter (HTTP/JSON, TCP fixed-length) implements: carry one validated request to
 * the core and bring back its validated result. Timeouts, retries, the circuit breaker, the
 * transaction log and metrics live once, in GatewayClient, around every transport.
 */
import type { OperationName, ResultOf, WireRequestOf } from './core-banking.js';

export interface TransportCallOptions {
  /** Aborted when the time budget runs out or the gateway closes: stop waiting, free resources. */
  signal: AbortSignal;
  /** The time left for this attempt, for transports that pass a deadline on. */
  timeoutMs: number;
  /** Correlation id of the request (also the transaction-log id). */
  requestId: string;
}

export interface CoreTransport {
  /** Short adapter name for logs and metrics: `http`, `tcp`. */
  readonly adapter: string;
  /**
   * Resolves with the core's result (business "no" included) or rejects with a GatewayError.
   * The result has been validated against the operation's result schema.
   */
  send<K extends OperationName>(operation: K, request: WireRequestOf<K>, options: TransportCallOptions): Promise<ResultOf<K>>;
  /** Closes connections; requests still waiting reject with GATEWAY_CLOSED. */
  close(): Promise<void>;
  /** Connection-level figures for the health view (open connections, in flight...). */
  stats?(): Record<string, number>;
}
