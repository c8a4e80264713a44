/**
 * Typed errors that map to HTTP responses. Services throw these; the error middleware turns
 * them into `{ "error": { "code", "message" } }` with the right status. Anything else is a 500
 * whose details stay in the log.
 */

export interface ErrorDetail {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class BadRequestError extends HttpError {
  constructor(message = 'bad request', code = 'bad_request') {
    super(400, code, message);
  }
}

export class ValidationError extends HttpError {
  constructor(message: string, details: ErrorDetail[]) {
    super(422, 'validation_failed', message, details);
  }
}

export class UnauthenticatedError extends HttpError {
  constructor(message = 'authentication required', code = 'unauthenticated') {
    super(401, code, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'not allowed', code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFoundError extends HttpError {
  constructor(what = 'resource') {
    super(404, 'not_found', `${what} not found`);
  }
}

export class ConflictError extends HttpError {
  constructor(message = 'conflicts with existing data', code = 'conflict') {
    super(409, code, message);
  }
}

export class AccountLockedError extends HttpError {
  constructor(retryAfterSeconds: number) {
    super(423, 'account_locked', 'account locked after repeated failed logins; try again later or ask an administrator', undefined, {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(message = 'service unavailable') {
    super(503, 'unavailable', message);
  }
}
