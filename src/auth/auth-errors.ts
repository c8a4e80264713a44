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
  /** The role given to an operator or token is neither built in nor one of the tenant's own. */
  unknown_role: 'invalid',
  /** Built-in roles are read-only: they cannot be changed or deleted. */
  built_in_role: 'conflict',
  /** The tenant already has a role with that key (or it is a built-in role's key). */
  role_exists: 'conflict',
  /** A tenant has a bounded number of custom roles. */
  too_many_roles: 'conflict',
  /** Operators or live API tokens hold the role: it cannot be deleted. */
  role_in_use: 'conflict',
  /** A tenant's role cannot hold a platform permission. */
  permission_not_grantable: 'invalid',
  /** Too many failed log-ins from one address, or too many at once; `retryAfterSeconds` says when to try again. */
  too_many_attempts: 'too_many_requests',
  /** The session's operator must choose a new password (after a reset) before anything else. */
  password_change_required: 'forbidden',
  /** API tokens are created by operators, not by other tokens. */
  token_cannot_create_tokens: 'forbidden',
});

/** Auth answers a few platform codes too: a rejected password is a validation failure. */
const specs = {
  ...authErrors,
  validation_failed: platformErrors.validation_failed,
  unauthenticated: platformErrors.unauthenticated,
  invalid_token: platformErrors.invalid_token,
  csrf_failed: platformErrors.csrf_failed,
};

export type AuthErrorCode = keyof typeof specs;

export class AuthError extends DomainError {
  override readonly name = 'AuthError';
  declare readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string, options: { details?: ErrorDetail[]; retryAfterSeconds?: number } = {}) {
    super(specs[code], message, options);
  }
}

export function isAuthError(value: unknown, code?: AuthErrorCode): value is AuthError {
  return value instanceof AuthError && (code === undefined || value.code === code);
}
