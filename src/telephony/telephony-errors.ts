/**
 * Refusals of the telephony back-office routes (the dial plan), with their stable codes.
 */
import { DomainError, defineErrorCodes, type ErrorDetail } from '../http/domain-error.js';

export const telephonyErrors = defineErrorCodes('telephony', {
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
