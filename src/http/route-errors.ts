/**
 * The error codes a route may answer: the ones the registry's own steps can give it
 * (authentication, CSRF, permission, validation, the body parser, the database), plus the
 * ones the route declares in `errors` for what its handler and services refuse. The OpenAPI
 * document lists them per status; the route middleware warns about a code a route answers
 * without having declared it.
 */
import { z } from 'zod';
import type { ErrorSpec } from './domain-error.js';
import { platformErrors } from './errors.js';
import { authErrors } from '../auth/auth-errors.js';
import { statusOfKind } from './error-status.js';
import { PASSWORD_CHANGE_ROUTES, UNSAFE_METHODS, type AnyRoute } from './routes.js';

const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

function hasTenantId(schema: unknown): boolean {
  return schema instanceof z.ZodObject && 'tenantId' in schema.shape;
}

/** The codes the registry and the middleware in front of it may answer for this route. */
export function registryErrors(route: AnyRoute): ErrorSpec[] {
  const e = platformErrors;
  // The bearer check runs before every route, public ones included.
  const out: ErrorSpec[] = [e.invalid_token, e.unavailable];
  if (route.access !== 'public') {
    out.push(e.unauthenticated);
    // A session whose password an administrator set may do little else until it chooses a new one.
    if (!PASSWORD_CHANGE_ROUTES.has(route.id)) out.push(authErrors.password_change_required);
    if (route.access !== 'authenticated') out.push(e.forbidden);
    if (UNSAFE_METHODS.has(route.method)) out.push(e.csrf_failed);
    if (hasTenantId(route.query) || hasTenantId(route.body)) out.push(e.tenant_forbidden);
  }
  if (route.params || route.query || route.body) out.push(e.validation_failed);
  if (BODY_METHODS.has(route.method)) out.push(e.malformed_json, e.bad_request, e.payload_too_large, e.unsupported_media_type);
  // Unique keys and references the database refuses.
  if (UNSAFE_METHODS.has(route.method)) out.push(e.conflict);
  return out;
}

/** Every code the route may answer, each once, in a stable order (by status, then code). */
export function routeErrors(route: AnyRoute): ErrorSpec[] {
  const byCode = new Map<string, ErrorSpec>();
  for (const spec of [...registryErrors(route), ...(route.errors ?? [])]) byCode.set(spec.code, spec);
  return [...byCode.values()].sort((a, b) => statusOfKind[a.kind] - statusOfKind[b.kind] || a.code.localeCompare(b.code));
}

/** The codes grouped by the status they are answered with. */
export function routeErrorsByStatus(route: AnyRoute): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const spec of routeErrors(route)) {
    const status = statusOfKind[spec.kind];
    out.set(status, [...(out.get(status) ?? []), spec.code]);
  }
  return out;
}

/**
 * Adds error codes to routes by route id, for a module that keeps its routes' codes in one
 * table. An id that names no route is a mistake and is refused.
 */
export function withErrors(routes: readonly AnyRoute[], byId: Readonly<Record<string, readonly ErrorSpec[]>>): AnyRoute[] {
  for (const id of Object.keys(byId)) {
    if (!routes.some((route) => route.id === id)) throw new Error(`error codes listed for ${id}, which is no route here`);
  }
  return routes.map((route) => {
    const extra = byId[route.id];
    return extra ? { ...route, errors: [...(route.errors ?? []), ...extra] } : route;
  });
}
