/**
 * Errors of the ACD core. Every refusal carries a stable lower_snake_case `code` (which the
 * HTTP API answers and tests assert) and a kind (unknown → not found, illegal state →
 * conflict, invalid config → invalid). A refused action changes nothing: every operation
 * validates before it mutates.
 */
import { DomainError, defineErrorCodes } from '../http/domain-error.js';

export const acdErrors = defineErrorCodes('acd', {
  acd_illegal_state: 'conflict',
  acd_unknown_agent: 'not_found',
  acd_unknown_queue: 'not_found',
  acd_unknown_call: 'not_found',
  acd_duplicate_call: 'conflict',
  acd_invalid_config: 'invalid',
  acd_queue_in_use: 'conflict',
  acd_not_member: 'conflict',
  /** Configuration: the phone or extension is another agent's. */
  phone_in_use: 'conflict',
  extension_in_use: 'conflict',
  /** Agents act on their own seat only (supervisors on any). */
  not_own_seat: 'forbidden',
  /** A metrics or report request would read or answer more than the server's limits (REPORT_LIMITS). */
  range_too_large: 'invalid',
});

export type AcdErrorCode = keyof typeof acdErrors;

export class AcdError extends DomainError {
  override readonly name = 'AcdError';
  declare readonly code: AcdErrorCode;
  /** What the refusal concerns, for the service log (never sent to clients). */
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: AcdErrorCode, message: string, context: Record<string, unknown> = {}) {
    super(acdErrors[code], message);
    this.context = context;
  }
}

export function isAcdError(value: unknown, code?: AcdErrorCode): value is AcdError {
  return value instanceof AcdError && (code === undefined || value.code === code);
}
