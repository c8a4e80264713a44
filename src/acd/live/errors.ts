/**
 * Refusals of the live ACD (beside the core's AcdError): what the telephony side cannot do.
 * Codes are stable strings the HTTP layer passes on with a status.
 */
export type LiveAcdErrorCode =
  /** The agent has no phone the card can reach (no such station span, span down). */
  | 'ACD_NO_PHONE'
  /** The phone could not be rung, or the number dialled did not answer. */
  | 'ACD_DIAL_FAILED'
  /** Answering from the desk needs phones the server can control (the virtual card's). */
  | 'ACD_NO_PHONE_CONTROL'
  /** The telephony layer is not running (no card). */
  | 'ACD_NO_TELEPHONY';

const STATUS: Record<LiveAcdErrorCode, number> = {
  ACD_NO_PHONE: 409,
  ACD_DIAL_FAILED: 502,
  ACD_NO_PHONE_CONTROL: 409,
  ACD_NO_TELEPHONY: 503,
};

export class LiveAcdError extends Error {
  override readonly name = 'LiveAcdError';
  readonly status: number;
  constructor(
    readonly code: LiveAcdErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}
