/**
 * Refusals of authentication and operator administration, with their stable codes. A wrong
 * password and an unknown user get the same code (`login_failed`), so the answer says nothing
 * about which accounts exist.
 */
import { DomainError, defineErrorCodes, type ErrorDetail } from '../http/domain-error.js';
import { platformErrors } from '../http/errors.js';

export const authErrors = defineErrorCodes('auth', {
  login_failed: 'unauthenticated',
  /** API tokens have no password to change. */
  not_an_operator: 'unauthenticated',
  /** Repeated failed logins locked the account for a while. */
  account_locked: 'locked',
  /** The caller may not give, change or delete that role. */
  role_forbidden: 'forbidden',
  /** Platform administrators belong to the platform tenant, and only they do. */
  role_tenant_mismatch: 'conflict',
  /** Operators cannot change their own role, disable or delete themselves. */
  self_change: 'conflict',
  /** An account made by create-admin must set its own password before anything else. */
  password_change_required: 'forbidden',
});

/** Auth answers a few platform codes too: a rejected password is a validation failure. */
const specs = {
  ...authErrors,
  validation_failed: platformErrors.validation_failed,
  unauthenticated: platformErrors.unauthenticated,
  invalid_token: platformErrors.invalid_token,
};

export type AuthErrorCode = keyof typeof specs;

export class AuthError extends DomainError {
  override readonly name = 'AuthError';
  declare readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string, options: { details?: ErrorDetail[]; retryAfterSeconds?: number } = {}) {
    super(specs[code], message, options);
  }
}
