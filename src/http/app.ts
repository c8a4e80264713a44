/**
 * The Koa application: system endpoints (/healthz, /readyz, /metrics), then /api/v1 with body
 * parsing, authentication and the registered routes. Built without listening, so tests can bind
 * an ephemeral port.
 */
import Koa, { type Context, type Next } from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { errorMiddleware } from './error-middleware.js';
import { routeMiddleware, type AnyRoute, type RouteServices } from './routes.js';
import { buildOpenApi, API_PREFIX } from './openapi.js';
import { authenticate } from '../auth/middleware.js';
import { readSessionCookie } from '../auth/session-cookie.js';
import { ForbiddenError, UnauthenticatedError, UnsupportedMediaTypeError } from './errors.js';
import { hasBearer, isLocalRequest } from './system-access.js';
import { defaultWebDir, webStatic } from './web-static.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const SYSTEM_PATHS = new Set(['/healthz', '/readyz', '/metrics', `${API_PREFIX}/openapi.json`]);

type Middleware = (ctx: Context, next: Next) => Promise<unknown> | unknown;

/** Run middleware in order, then `next`. */
function compose(stack: Middleware[]): (ctx: Context, next: Next) => Promise<void> {
  return async (ctx, next) => {
    const step = async (i: number): Promise<void> => {
      const mw = stack[i];
      if (!mw) {
        await next();
        return;
      }
      await mw(ctx, () => step(i + 1));
    };
    await step(0);
  };
}

/** Bodies must be JSON: anything else is 415 rather than silently ignored. */
async function requireJsonBodies(ctx: Context, next: Next): Promise<void> {
  if (BODY_METHODS.has(ctx.method)) {
    const length = Number(ctx.get('content-length') || '0');
    const hasBody = length > 0 || ctx.get('transfer-encoding') !== '';
    // multipart/form-data is let through for upload routes, which parse and check their own parts.
    if (hasBody && !ctx.is('application/json') && !ctx.is('multipart/form-data')) {
      throw new UnsupportedMediaTypeError('request bodies must be application/json');
    }
  }
  await next();
}

/** Browser features the product never uses are switched off for its pages. */
const PERMISSIONS_POLICY = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()';

function securityHeaders(ctx: Context, next: Next): Promise<void> {
  // Over TLS (direct, or reported by the trusted proxy) browsers keep to HTTPS for a year.
  if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000');
  ctx.set('Permissions-Policy', PERMISSIONS_POLICY);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Cache-Control', 'no-store');
  return next();
}

export function createApp(services: RouteServices, version: string): Koa {
  const { config, logger, metrics } = services;
  // The client address is the entry the nearest trusted proxies vouch for, not the left-most one
  // (which the client itself can write).
  const app = new Koa({ proxy: config.server.trustProxy, maxIpsCount: config.server.trustedProxies });
  app.silent = true; // errors are logged by our middleware
  app.on('error', (err: Error) => {
    // Socket-level errors after the response started (client went away): nothing to answer.
    logger.debug({ err }, 'koa error');
  });

  app.use(async (ctx, next) => {
    const started = Date.now();
    try {
      await next();
    } finally {
      // Only known paths become labels: anything refused before routing (a junk token, 405, 413,
      // 415) would otherwise add a series per path an anonymous caller makes up.
      const route = (ctx.state['route'] as AnyRoute | undefined)?.path ?? (SYSTEM_PATHS.has(ctx.path) ? ctx.path : 'unmatched');
      metrics.http.requests.inc({ method: ctx.method, route, status: String(ctx.status) });
      logger.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Date.now() - started, ip: ctx.ip }, 'request');
    }
  });
  app.use(errorMiddleware(logger));
  app.use(securityHeaders);

  const system = new Router();
  system.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  system.get('/readyz', async (ctx) => {
    const report = await services.readiness.report();
    ctx.status = report.ready ? 200 : 503;
    ctx.body = { status: report.ready ? 'ready' : 'not_ready', checks: report.checks };
  });
  system.get('/metrics', async (ctx) => {
    if (!isLocalRequest(ctx, config.server.trustProxy) && !hasBearer(ctx, config.server.metricsToken)) {
      throw new ForbiddenError('/metrics is served to this host, or with the metrics token', 'metrics_forbidden');
    }
    const text = await metrics.scrape();
    ctx.set('Content-Type', metrics.contentType);
    ctx.body = text;
  });
  let openApi: { count: number; doc: unknown } | undefined;
  system.get(`${API_PREFIX}/openapi.json`, async (ctx) => {
    if (!isLocalRequest(ctx, config.server.trustProxy)) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
      const session = readSessionCookie(ctx, config.server.trustProxy);
      const principal = bearer ? await services.auth.fromApiToken(bearer) : session ? await services.auth.fromSession(session) : undefined;
      if (!principal) throw new UnauthenticatedError();
    }
    const routes = services.routes.list();
    if (openApi?.count !== routes.length) openApi = { count: routes.length, doc: buildOpenApi(routes, { title: 'Tellerline API', version }) };
    ctx.body = openApi.doc;
  });
  app.use(system.routes());

  // Routes are mounted lazily so that modules may add routes after createServer() and before listen().
  let router: Router | undefined;
  let mountedCount = -1;
  const dispatch = (ctx: Context, next: Next) => {
    const routes = services.routes.list();
    if (!router || mountedCount !== routes.length) {
      router = new Router({ prefix: API_PREFIX });
      for (const route of routes) router.register(route.path, [route.method], routeMiddleware(route, services));
      mountedCount = routes.length;
    }
    const r = router;
    return r.routes()(ctx as never, () => r.allowedMethods()(ctx as never, next));
  };
  const api = compose([
    requireJsonBodies,
    bodyParser({ enableTypes: ['json'], jsonLimit: config.server.bodyLimitBytes, jsonStrict: true }) as unknown as Middleware,
    authenticate(services.auth, config.server.trustProxy, services.store.knex),
    dispatch,
  ]);
  app.use((ctx, next) => (ctx.path.startsWith(`${API_PREFIX}/`) ? api(ctx, next) : next()));

  const webDir = config.server.webDir ?? defaultWebDir();
  const web = webStatic(webDir);
  if (web) app.use(web);
  else logger.warn({ webDir }, 'web application not built: serving the API only (build it with npm ci && npm run build in web/)');
  return app;
}
