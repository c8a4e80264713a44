/**
 * The route registry: how every module adds HTTP endpoints under /api/v1.
 *
 *   services.routes.add(defineRoute({
 *     id: 'queues.list', method: 'GET', path: '/queues', resource: 'queues',
 *     summary: 'List queues', access: 'queues:read',
 *     query: pageQuery, response: pageOf(queueSchema),
 *     handler: async ({ query, tenantId, db }) => ...,
 *   }));
 *
 * A route declares what it needs and the registry does the rest, the same way everywhere:
 * authentication (session cookie or API token), CSRF for cookie sessions on unsafe methods, the
 * permission check, strict validation of params/query/body (unknown keys are refused), a
 * database transaction around unsafe methods with the audit entries the handler records,
 * validation of the response against its schema (so nothing undeclared leaks out), and the
 * route's place in the OpenAPI document and in the tests that walk every route (permission
 * matrix, tenant isolation, audit of every write).
 */
import type { Context } from 'koa';
import type { Knex } from 'knex';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Permission } from '../auth/permissions.js';
import { principalHas } from '../auth/role-access.js';
import type { Principal } from '../auth/principal.js';
import { AuthError } from '../auth/auth-errors.js';
import { ForbiddenError, UnauthenticatedError, ValidationError, type ErrorDetail } from './errors.js';
import type { ErrorSpec } from './domain-error.js';
import { auditRepo, type AuditOutcome } from '../records/store/audit-repo.js';
import { redactSecrets } from '../log/redact.js';

/** What an operator whose password an administrator set may still do. */
export const PASSWORD_CHANGE_ROUTES: ReadonlySet<string> = new Set(['auth.me', 'auth.logout', 'auth.changePassword']);

/** Compares two secrets in constant time (their digests, so lengths do not show either). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * The running server's services, as route handlers see them. Empty here: src/services.ts merges
 * `AppServices` into it, so this layer never imports the modules that fill it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RouteServices {}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** A permission, or 'public' (no login), or 'authenticated' (any logged-in principal). */
export type Access = Permission | 'public' | 'authenticated';

export const UNSAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

export interface AuditRecord {
  /** Defaults to the route id, e.g. 'operators.update'. */
  action?: string;
  targetType?: string;
  targetId?: string | null;
  /** Tenant the action concerns; defaults to the request's tenant scope. */
  tenantId?: string | null;
  /** Snapshots; secrets are removed before storage. */
  before?: unknown;
  after?: unknown;
  outcome?: AuditOutcome;
  /** For routes without a principal (login): who is acting. */
  actor?: { kind: 'operator' | 'anonymous'; id: string | null; name: string | null; tenantId: string | null };
}

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The caller; undefined only on public routes. */
  principal: Principal | undefined;
  services: RouteServices;
  /** The database: a transaction on unsafe methods (audit entries commit with it). */
  db: Knex;
  koa: Context;
  /** Client address (from X-Forwarded-For only when server.trustProxy is set). */
  ip: string;
  /** Record an audit entry (required at least once on every unsafe route unless `audit: false`). */
  audit(entry: AuditRecord): Promise<void>;
  /**
   * The tenant this request works on: the caller's own; a platform administrator may name
   * another. Anyone else naming another tenant is refused.
   */
  scopeTenant(requested?: string | null): string;
}

export interface RouteDefinition<
  PS extends AnyObjectSchema | undefined = AnyObjectSchema | undefined,
  QS extends AnyObjectSchema | undefined = AnyObjectSchema | undefined,
  BS extends z.ZodType | undefined = z.ZodType | undefined,
  RS extends z.ZodType | null = z.ZodType | null,
> {
  /** Stable id, `resource.verb`: the operationId and the default audit action. */
  id: string;
  method: HttpMethod;
  /** Path under /api/v1, with :params. */
  path: string;
  /** Resource name, used as OpenAPI tag and by the route-walking tests to find fixtures. */
  resource: string;
  summary: string;
  description?: string;
  access: Access;
  params?: PS;
  query?: QS;
  body?: BS;
  /** Response body schema; null for 204 No Content. */
  response: RS;
  successStatus?: 200 | 201 | 204;
  /**
   * The error codes the handler and the services it calls may answer (not found, a conflict,
   * a module's own codes). The registry adds those of its own steps (authentication,
   * permission, validation...); OpenAPI lists both.
   */
  errors?: readonly ErrorSpec[];
  /** A valid request body (and query), shown in OpenAPI and used by tests. */
  example?: { body?: unknown; query?: Record<string, string> };
  /** Set false on an unsafe route that changes nothing an operator owns (say why in a comment). */
  audit?: false;
  /**
   * Set false when the handler's writes must survive its own failure (login counts a failed
   * attempt, audits it, then answers 401): it then runs without a transaction.
   */
  transaction?: false;
  /**
   * The handler writes the response itself (Server-Sent Events, an audio file): no transaction,
   * no body validation. The value is the response's media type, for OpenAPI.
   */
  stream?: 'text/event-stream' | 'audio/wav' | 'text/csv' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  handler: (ctx: RouteContext<Infer<PS>, Infer<QS>, Infer<BS>>) => Promise<RS extends z.ZodType ? z.input<RS> : void>;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

// Definitions are stored type-erased; defineRoute keeps the handler's types at the call site.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDefinition<any, any, any, any>;

export function defineRoute<
  PS extends AnyObjectSchema | undefined = undefined,
  QS extends AnyObjectSchema | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  RS extends z.ZodType | null = null,
>(route: RouteDefinition<PS, QS, BS, RS>): AnyRoute {
  return route as AnyRoute;
}

export class RouteRegistry {
  private readonly routes: AnyRoute[] = [];

  add(...routes: AnyRoute[]): void {
    for (const route of routes) {
      if (this.routes.some((r) => r.id === route.id)) throw new Error(`duplicate route id ${route.id}`);
      if (this.routes.some((r) => r.method === route.method && r.path === route.path)) throw new Error(`duplicate route ${route.method} ${route.path}`);
      if (route.body && route.example?.body !== undefined) {
        const check = (route.body as z.ZodType).safeParse(route.example.body);
        if (!check.success) throw new Error(`route ${route.id}: example body does not match its schema`);
      }
      this.routes.push(route);
    }
  }

  list(): readonly AnyRoute[] {
    return this.routes;
  }
}

function issuesToDetails(error: z.ZodError, where: string): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

function validate<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string): Infer<S> {
  if (!schema) return undefined as Infer<S>;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`invalid ${where}`, issuesToDetails(result.error, where));
  return result.data as Infer<S>;
}

/** Koa middleware that runs one route (authentication is done before, see auth/middleware). */
export function routeMiddleware(route: AnyRoute, services: RouteServices) {
  const unsafe = UNSAFE_METHODS.has(route.method);
  return async function runRoute(ctx: Context): Promise<void> {
    const principal = ctx.state['principal'] as Principal | undefined;
    const metricsRoute = route.path;
    ctx.state['route'] = route;
    if (route.access !== 'public') {
      if (!principal) throw new UnauthenticatedError();
      if (unsafe && principal.kind === 'operator') {
        const sent = ctx.get('x-csrf-token');
        if (!sent || !principal.csrfToken || !sameSecret(sent, principal.csrfToken)) throw new ForbiddenError('missing or wrong x-csrf-token header', 'csrf_failed');
      }
      if (principal.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(route.id)) {
        throw new AuthError('password_change_required', 'choose a new password first (POST /auth/password)');
      }
      if (route.access !== 'authenticated' && !principalHas(principal, route.access)) {
        if (unsafe) await recordDenied(services, route, principal, ctx.ip);
        throw new ForbiddenError(`this requires the permission ${route.access}`);
      }
    }
    const params = validate(route.params, ctx.params, 'params');
    const query = validate(route.query, { ...ctx.query }, 'query');
    const body = validate(route.body, route.body ? (ctx.request as unknown as { body?: unknown }).body : undefined, 'body');

    const scopeTenant = (requested?: string | null): string => {
      if (!principal) throw new UnauthenticatedError();
      if (!requested || requested === principal.tenantId) return principal.tenantId;
      if (principal.role === 'platform_admin') return requested;
      throw new ForbiddenError('operators see only their own tenant', 'tenant_forbidden');
    };

    let audited = 0;
    const run = async (db: Knex) => {
      const audit = async (entry: AuditRecord): Promise<void> => {
        audited++;
        const actor = entry.actor ?? (principal ? { kind: principal.kind, id: principal.id, name: principal.name, tenantId: principal.tenantId } : { kind: 'anonymous' as const, id: null, name: null, tenantId: null });
        await auditRepo.insert(db, {
          id: randomUUID(),
          tenantId: entry.tenantId !== undefined ? entry.tenantId : (principal?.tenantId ?? null),
          actorKind: actor.kind,
          actorId: actor.id,
          actorName: actor.name,
          actorTenantId: actor.tenantId,
          action: entry.action ?? route.id,
          targetType: entry.targetType ?? route.resource,
          targetId: entry.targetId ?? null,
          outcome: entry.outcome ?? 'ok',
          ip: ctx.ip || null,
          at: new Date().toISOString(),
          before: entry.before === undefined ? null : redactSecrets(entry.before),
          after: entry.after === undefined ? null : redactSecrets(entry.after),
        });
      };
      const result = await route.handler({ params, query, body, principal, services, db, koa: ctx, ip: ctx.ip, audit, scopeTenant });
      if (unsafe && route.audit !== false && audited === 0) {
        throw new Error(`route ${route.id} changed data without recording an audit entry`);
      }
      return result;
    };

    const started = process.hrtime.bigint();
    try {
      if (route.stream) {
        await run(services.store.knex);
        return;
      }
      const transactional = unsafe && route.audit !== false && route.transaction !== false;
      const result = transactional ? await services.store.knex.transaction((trx) => run(trx)) : await run(services.store.knex);
      if (route.response === null) {
        ctx.status = 204;
        ctx.body = null;
        return;
      }
      const out = (route.response as z.ZodType).safeParse(result);
      if (!out.success) {
        services.logger.error({ route: route.id, issues: out.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) }, 'handler result does not match the response schema');
        throw new Error(`route ${route.id} produced a response outside its schema`);
      }
      ctx.status = route.successStatus ?? 200;
      ctx.body = out.data;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      services.metrics.http.duration.observe({ method: route.method, route: metricsRoute }, seconds);
    }
  };
}

async function recordDenied(services: RouteServices, route: AnyRoute, principal: Principal, ip: string): Promise<void> {
  try {
    await auditRepo.insert(services.store.knex, {
      id: randomUUID(),
      tenantId: principal.tenantId,
      actorKind: principal.kind,
      actorId: principal.id,
      actorName: principal.name,
      actorTenantId: principal.tenantId,
      action: route.id,
      targetType: route.resource,
      targetId: null,
      outcome: 'denied',
      ip: ip || null,
      at: new Date().toISOString(),
      before: null,
      after: null,
    });
  } catch (err) {
    services.logger.error({ err, route: route.id }, 'could not audit a denied request');
  }
}
