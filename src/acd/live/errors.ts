/**
 * Refusals of the live ACD (beside the core's AcdError): what the telephony side cannot do.
 * Codes are stable lower_snake_case strings the HTTP API answers.
 */
import { DomainError, defineErrorCodes } from '../../http/domain-error.js';

export const liveAcdErrors = defineErrorCodes('acd/live', {
  /** The agent has no phone the card can reach (no such station span, span down). */
  acd_no_phone: 'conflict',
  /** The phone could not be rung, or the number dialled did not answer. */
  acd_dial_failed: 'upstream_failed',
  /** Answering from the desk needs phones the server can control (the virtual card's). */
  acd_no_phone_control: 'conflict',
  /** The telephony layer is not running (no card). */
  acd_no_telephony: 'unavailable',
});

export type LiveAcdErrorCode = keyof typeof liveAcdErrors;

export class LiveAcdError extends DomainError {
  override readonly name = 'LiveAcdError';
  declare readonly code: LiveAcdErrorCode;

  constructor(code: LiveAcdErrorCode, message: string) {
    super(liveAcdErrors[code], message);
  }
}
