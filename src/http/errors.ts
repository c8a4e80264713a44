/**
 * The platform's own error codes, and shorthands for the refusals every module makes (not
 * found, conflict, forbidden...). They are domain errors like any other: the error middleware
 * turns them into `{ "error": { "code", "message" } }` with the status of their kind. A module
 * with refusals of its own declares its codes in its own error class.
 */
import { DomainError, defineErrorCodes, type ErrorDetail } from './domain-error.js';

export type { ErrorDetail } from './domain-error.js';

export const platformErrors = defineErrorCodes('http', {
  bad_request: 'malformed',
  malformed_json: 'malformed',
  /** A multipart upload without a file in the expected form field. */
  no_file: 'malformed',
  validation_failed: 'invalid',
  unauthenticated: 'unauthenticated',
  /** A Bearer token that is unknown, expired or revoked. */
  invalid_token: 'unauthenticated',
  forbidden: 'forbidden',
  csrf_failed: 'forbidden',
  tenant_forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  /** An object with that id exists already. */
  already_exists: 'conflict',
  payload_too_large: 'too_large',
  unsupported_media_type: 'unsupported_media_type',
  unavailable: 'unavailable',
  /** /metrics from another host without the metrics token. */
  metrics_forbidden: 'forbidden',
  /** One operator or API token holds `server.sseMaxStreamsPerUser` event streams already. */
  too_many_streams: 'too_many_requests',
});

type PlatformErrors = typeof platformErrors;
type CodeOfKind<K> = { [C in keyof PlatformErrors]: PlatformErrors[C]['kind'] extends K ? C : never }[keyof PlatformErrors];

export class BadRequestError extends DomainError {
  constructor(message = 'bad request', code: CodeOfKind<'malformed'> = 'bad_request') {
    super(platformErrors[code], message);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details: ErrorDetail[]) {
    super(platformErrors.validation_failed, message, { details });
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'authentication required', code: CodeOfKind<'unauthenticated'> = 'unauthenticated') {
    super(platformErrors[code], message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'not allowed', code: CodeOfKind<'forbidden'> = 'forbidden') {
    super(platformErrors[code], message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'resource') {
    super(platformErrors.not_found, `${what} not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message = 'conflicts with existing data', code: CodeOfKind<'conflict'> = 'conflict') {
    super(platformErrors[code], message);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(message = 'request body too large') {
    super(platformErrors.payload_too_large, message);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: string) {
    super(platformErrors.unsupported_media_type, message);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(message = 'service unavailable') {
    super(platformErrors.unavailable, message);
  }
}
