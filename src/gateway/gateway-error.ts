/**
 * Transport failures: the core could not be asked, or did not answer usably.
 *
 * Business refusals are results (`{ ok: false, code }`), never a GatewayError. A GatewayError
 * means "we do not know what the core thinks": the IVR says the service is temporarily
 * unavailable and offers an agent.
 */
export const gatewayErrorCodes = [
  /** No answer within the operation's time budget. */
  'GATEWAY_TIMEOUT',
  /** Could not connect (refused, unreachable, pool in back-off). The request was not sent. */
  'GATEWAY_UNAVAILABLE',
  /** The connection dropped after the request may have been sent. */
  'GATEWAY_CONNECTION_LOST',
  /** The circuit breaker is open: the core has been failing, so we do not even try. */
  'GATEWAY_CIRCUIT_OPEN',
  /** The core answered with a system error (HTTP 5xx, TCP S5xx). */
  'GATEWAY_CORE_ERROR',
  /** The answer could not be understood (bad frame, bad field, schema mismatch, 4xx). */
  'GATEWAY_PROTOCOL_ERROR',
  /** Too many requests waiting for a connection. */
  'GATEWAY_OVERLOADED',
  /** The request failed validation here and was not sent (a bug in the caller). */
  'GATEWAY_INVALID_REQUEST',
  /** The gateway was closed. */
  'GATEWAY_CLOSED',
] as const;

export type GatewayErrorCode = (typeof gatewayErrorCodes)[number];

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: GatewayErrorCode;
  /**
   * False when the request certainly never reached the core (nothing happened there). True
   * or unknown → for a money operation, ask `operationStatus` with the same idempotency key.
   */
  readonly mayHaveReachedCore: boolean;
  operation: string | undefined;

  constructor(code: GatewayErrorCode, message: string, options: { mayHaveReachedCore: boolean; operation?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.mayHaveReachedCore = options.mayHaveReachedCore;
    this.operation = options.operation;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}
