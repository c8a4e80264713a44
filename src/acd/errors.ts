/**
 * Errors of the ACD core. Every refusal carries a stable string `code` that the HTTP layer maps
 * to a status (unknown → 404, illegal state → 409, invalid config → 422) and that tests assert.
 * A refused action changes nothing: every operation validates before it mutates.
 */
export type AcdErrorCode =
  | 'ACD_ILLEGAL_STATE'
  | 'ACD_UNKNOWN_AGENT'
  | 'ACD_UNKNOWN_QUEUE'
  | 'ACD_UNKNOWN_CALL'
  | 'ACD_DUPLICATE_CALL'
  | 'ACD_INVALID_CONFIG'
  | 'ACD_QUEUE_IN_USE'
  | 'ACD_NOT_MEMBER';

export class AcdError extends Error {
  override readonly name = 'AcdError';
  readonly code: AcdErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: AcdErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export function isAcdError(value: unknown, code?: AcdErrorCode): value is AcdError {
  return value instanceof AcdError && (code === undefined || value.code === code);
}
