/**
 * Refusals of the telephony layer: the outside-number policy (toll fraud) that the ACD desk and
 * the fax routes apply, the simulator control API's Host check, and the dial plan's routes.
 */
import { DomainError, defineErrorCodes, type ErrorDetail } from '../http/domain-error.js';

export const telephonyErrors = defineErrorCodes('telephony', {
  /** The number is outside `security.outsideNumbers` for the caller's tenant. */
  number_not_allowed: 'forbidden',
  /** The simulator control API serves only requests whose Host names this machine (DNS rebinding). */
  host_forbidden: 'forbidden',
  /** Someone changed the dial plan since the version the edit was based on: reload it. */
  plan_changed: 'conflict',
  /** A dial plan entry names a tenant code no tenant has. */
  unknown_tenant: 'invalid',
});

export type TelephonyErrorCode = keyof typeof telephonyErrors;

export class TelephonyError extends DomainError {
  override readonly name = 'TelephonyError';
  declare readonly code: TelephonyErrorCode;

  constructor(code: TelephonyErrorCode, message: string, options: { details?: ErrorDetail[] } = {}) {
    super(telephonyErrors[code], message, options);
  }
}
