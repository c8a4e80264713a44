/**
 * Every request to the core leaves one transaction-log entry. The gateway defines the sink;
 * the integrator wires it to the store (the back office's "transaction log" query reads it).
 *
 * Entries carry masked identifiers only (see masking.ts): never a PIN, password, session token
 * or full card number.
 */
import type { OperationName } from './core-banking.js';

export type TransactionOutcome =
  /** The core said yes. */
  | 'ok'
  /** The core said no (`code` is the business code). */
  | 'business_error'
  /** No usable answer (`code` is the GatewayError code). */
  | 'transport_error'
  /** Rejected here before sending (`code` is GATEWAY_INVALID_REQUEST). */
  | 'invalid_request';

export interface TransactionLogEntry {
  /** Unique per request (a UUID); also the correlation id in the gateway's own logs. */
  id: string;
  /** When the request started, ISO 8601 UTC. */
  at: string;
  operation: OperationName;
  /** `http`, `tcp`, or the name of another adapter. */
  adapter: string;
  /** Masked account, card, phone and ID numbers, and idempotency keys. */
  maskedKeys: Record<string, string>;
  latencyMs: number;
  outcome: TransactionOutcome;
  /** `OK`, a business code, or a GatewayError code. */
  code: string;
  /** Attempts made (more than one only for retried queries). */
  attempts: number;
  /** Amount in minor units for operations that carry one. */
  amount?: number;
}

export interface TransactionLogSink {
  /** Must not throw for a bad entry; a rejected promise or a throw is counted and dropped. */
  write(entry: TransactionLogEntry): void | Promise<void>;
}

export const discardTransactionLog: TransactionLogSink = { write() {} };

/** Keeps the last `capacity` entries; for tests, the simulator and the demo. */
export class MemoryTransactionLogSink implements TransactionLogSink {
  readonly entries: TransactionLogEntry[] = [];
  constructor(private readonly capacity = 10_000) {}

  write(entry: TransactionLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }
}
