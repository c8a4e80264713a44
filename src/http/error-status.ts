/**
 * The HTTP status of each kind of refusal: the one place where domain errors meet HTTP.
 */
import type { ErrorKind } from './domain-error.js';

export const statusOfKind: Readonly<Record<ErrorKind, number>> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  locked: 423,
  too_many_requests: 429,
  upstream_failed: 502,
  unavailable: 503,
};
