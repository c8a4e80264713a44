/**
 * Refusals of the telephony layer: the outside-number policy (toll fraud) that the ACD desk and
 * the fax routes apply, and the simulator control API's Host check.
 */
import { DomainError, defineErrorCodes } from '../http/domain-error.js';

export const telephonyErrors = defineErrorCodes('telephony', {
  /** The number is outside `security.outsideNumbers` for the caller's tenant. */
  number_not_allowed: 'forbidden',
  /** The simulator control API serves only requests whose Host names this machine (DNS rebinding). */
  host_forbidden: 'forbidden',
});

export type TelephonyErrorCode = keyof typeof telephonyErrors;

export class TelephonyError extends DomainError {
  override readonly name = 'TelephonyError';
  declare readonly code: TelephonyErrorCode;

  constructor(code: TelephonyErrorCode, message: string) {
    super(telephonyErrors[code], message);
  }
}
