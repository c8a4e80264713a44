/**
 * The one error middleware: every failure becomes `{ "error": { "code", "message" } }`
 * (plus `details` for validation). Domain errors get the status of their kind; body-parser
 * failures become 400/413/415; unique-key violations 409; everything else 500 with a generic
 * message; the stack and the database's words go to the log only.
 */
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { DomainError } from './domain-error.js';
import { statusOfKind } from './error-status.js';
import { platformErrors } from './errors.js';
import { routeErrors } from './route-errors.js';
import type { AnyRoute } from './routes.js';
import { isUniqueViolation, isForeignKeyViolation, isUnavailableError } from '../store/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

function fromKnown(err: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } | undefined {
  if (err instanceof DomainError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details) body.error.details = err.details;
    const retryAfter = err.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(Math.max(1, Math.ceil(err.retryAfterSeconds))) };
    return { status: statusOfKind[err.kind], body, ...(retryAfter ? { headers: retryAfter } : {}) };
  }
  if (isUniqueViolation(err)) return { status: 409, body: { error: { code: platformErrors.conflict.code, message: 'an object with the same unique key exists' } } };
  if (isForeignKeyViolation(err)) return { status: 409, body: { error: { code: platformErrors.conflict.code, message: 'the object is referenced by, or refers to, other data' } } };
  if (isUnavailableError(err)) return { status: 503, body: { error: { code: platformErrors.unavailable.code, message: 'the database is unavailable' } } };
  // Errors from the body parser (co-body / raw-body / http-errors) carry status and type.
  const e = err as { status?: unknown; type?: unknown; expose?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    if (err instanceof SyntaxError) return { status: 400, body: { error: { code: platformErrors.malformed_json.code, message: 'request body is not valid JSON' } } };
    switch (e.type) {
      case 'entity.too.large':
        return { status: 413, body: { error: { code: platformErrors.payload_too_large.code, message: 'request body too large' } } };
      case 'entity.parse.failed':
        return { status: 400, body: { error: { code: platformErrors.malformed_json.code, message: 'request body is not valid JSON' } } };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return { status: 415, body: { error: { code: platformErrors.unsupported_media_type.code, message: 'unsupported request encoding' } } };
      case 'request.aborted':
        return { status: 400, body: { error: { code: platformErrors.bad_request.code, message: 'request aborted' } } };
      default:
        if (e.status === 400) return { status: 400, body: { error: { code: platformErrors.bad_request.code, message: 'bad request' } } };
        return { status: e.status, body: { error: { code: platformErrors.bad_request.code, message: 'request refused' } } };
    }
  }
  return undefined;
}

export function errorMiddleware(logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: platformErrors.not_found.code, message: 'no such endpoint' } } satisfies ErrorBody;
      } else if (ctx.status === 405 && (ctx.body === undefined || typeof ctx.body === 'string')) {
        ctx.body = { error: { code: 'method_not_allowed', message: 'method not allowed' } } satisfies ErrorBody;
      }
    } catch (err) {
      const route = ctx.state['route'] as AnyRoute | undefined;
      if (route && err instanceof DomainError && !routeErrors(route).some((spec) => spec.code === err.code)) {
        // The answer goes out all the same; the route's `errors` (and so its OpenAPI entry) needs the code.
        logger.warn({ route: route.id, code: err.code }, 'error code not listed in the route\'s errors');
      }
      const known = fromKnown(err);
      if (known) {
        ctx.status = known.status;
        ctx.body = known.body;
        if (known.headers) ctx.set(known.headers);
        if (known.status >= 500) logger.error({ err, method: ctx.method, path: ctx.path }, 'request failed');
        return;
      }
      logger.error({ err, method: ctx.method, path: ctx.path }, 'unhandled error in request');
      ctx.status = 500;
      ctx.body = { error: { code: 'internal', message: 'internal error' } } satisfies ErrorBody;
    }
  };
}
