/**
 * Every HTTP route's body, query and path, generated from the OpenAPI document the server
 * serves, sent by logged-in administrators (session cookie and CSRF token, as the browser
 * sends them): values the schemas accept, near misses (a field missing or of the wrong type)
 * and anything at all. Nothing may answer 500; a refusal carries an error code the route's
 * operation declares; nothing is logged at error level; the server still answers at the end.
 * The suite runs a few cases per route; FUZZ_RUNS runs more, up to 100 a route (`npm run fuzz`).
 */
import test from 'ava';
import fc from 'fast-check';
import { z } from 'zod';
import { appModules } from '../helpers/app-modules.js';
import { buildWorld, loginAs, type World } from '../helpers/fixtures.js';
import { startTestServer, type Client, type TestServer } from '../helpers/server.js';
import { openApiPath } from '../../src/http/openapi.js';
import { defineRoute, type AnyRoute } from '../../src/http/routes.js';
import { nearMiss, valid, type JsonSchema } from './json-schema-arbitrary.js';
import { propertyRuns } from './runs.js';

let ts: TestServer;
let world: World;

test.before(async () => {
  // The login route is fuzzed too: its failed log-ins must not lock the administrators out.
  ts = await startTestServer({ modules: appModules(), config: { security: { loginFailuresPerAddress: 1_000_000 } } });
  world = await buildWorld(ts.server);
});
test.after.always(async () => {
  await ts?.close();
});

type Operation = { parameters?: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>; requestBody?: { content: Record<string, { schema: JsonSchema }> }; 'x-error-codes'?: string[] };

/**
 * A session per administrator, logged in again when a route ended it (logout, password change).
 * A generated request may also lock an administrator out for good (a tenant suspended, an
 * operator disabled): that administrator then leaves the pool and the others go on.
 */
class Sessions {
  private clients = new Map<string, Client>();
  readonly lost: string[] = [];
  constructor(private readonly pool: string[]) {}
  pick(index: number): string | undefined {
    return this.pool.length > 0 ? this.pool[index % this.pool.length] : undefined;
  }
  async get(username: string): Promise<Client | undefined> {
    let client = this.clients.get(username);
    if (!client) {
      try {
        client = await loginAs(ts.url, username);
      } catch (err) {
        this.pool.splice(this.pool.indexOf(username), 1);
        this.lost.push(`${username}: ${(err as Error).message}`);
        return undefined;
      }
      this.clients.set(username, client);
    }
    return client;
  }
  forget(username: string): void {
    this.clients.delete(username);
  }
}

function queryArbitrary(op: Operation, doc: JsonSchema): fc.Arbitrary<string> {
  const params = (op.parameters ?? []).filter((p) => p.in === 'query');
  if (params.length === 0) return fc.constant('');
  const one = (p: (typeof params)[number]): fc.Arbitrary<unknown> => {
    const value = fc.oneof({ weight: 3, arbitrary: valid(p.schema, doc) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
    return p.required ? value : fc.option(value, { nil: undefined, freq: 3 });
  };
  return fc.tuple(...params.map(one)).map((values) => {
    const q = new URLSearchParams();
    params.forEach((p, i) => {
      const v = values[i];
      if (v === undefined) return;
      if (Array.isArray(v)) for (const item of v) q.append(p.name, typeof item === 'object' ? JSON.stringify(item) : String(item));
      else q.append(p.name, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
    });
    const s = q.toString();
    return s ? `?${s}` : '';
  });
}

function pathArbitrary(route: AnyRoute): fc.Arbitrary<string> {
  const known = [world.a.ids[route.resource], world.b.ids[route.resource]].filter((x): x is string => !!x);
  const id = fc.oneof(
    { weight: 4, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('0', '-1', '...', '%2e%2e', 'a'.repeat(300), '9'.repeat(25))) },
    // "." and ".." are dot segments: the URL would reach another route, not this one.
  ).filter((s) => s !== '.' && s !== '..');
  const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant(`/api/v1${route.path}`);
  return fc.tuple(...names.map(() => id)).map((ids) => {
    let i = 0;
    return `/api/v1${route.path.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(ids[i++]!))}`;
  });
}

function bodyArbitrary(op: Operation, doc: JsonSchema): fc.Arbitrary<unknown> {
  const schema = op.requestBody?.content['application/json']?.schema;
  if (!schema) return fc.constant(undefined);
  return fc.oneof({ weight: 3, arbitrary: valid(schema, doc) }, { weight: 2, arbitrary: nearMiss(schema, doc) });
}

type OpenApiDoc = JsonSchema & { paths: Record<string, Record<string, Operation>> };

interface WalkResult {
  requests: number;
  served: number;
  /** Requests answered with a server error. */
  failures: string[];
  /** Refusals with an error code the route's operation does not declare. */
  undeclared: string[];
}

/** Sends numRuns generated requests to each route, as one of the administrators. */
async function walk(routes: readonly AnyRoute[], sessions: Sessions, numRuns: number, seed: number | undefined): Promise<WalkResult> {
  const doc = (await (await sessions.get(world.platformAdmin))!.get('/api/v1/openapi.json')).body as OpenApiDoc;
  const result: WalkResult = { requests: 0, served: 0, failures: [], undeclared: [] };
  const undeclared = new Set<string>();
  for (const route of routes) {
    const op = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
    if (!op) {
      result.failures.push(`${route.method} ${route.path}: not in the OpenAPI document`);
      continue;
    }
    const declared = new Set(op['x-error-codes'] ?? []);
    const cases = fc.sample(fc.tuple(fc.nat(), pathArbitrary(route), queryArbitrary(op, doc), bodyArbitrary(op, doc)), { numRuns, ...(seed !== undefined ? { seed } : {}) });
    for (const [pick, path, query, body] of cases) {
      const admin = sessions.pick(pick);
      let client = admin ? await sessions.get(admin) : undefined;
      if (!admin || !client) continue;
      let res = await client.request(route.method, path + query, body);
      if (res.status === 401) {
        // The previous case ended this session (logout, password change): log in again.
        sessions.forget(admin);
        client = await sessions.get(admin);
        if (!client) continue;
        res = await client.request(route.method, path + query, body);
      }
      result.requests++;
      const what = `${route.method} ${path}${query} ${body === undefined ? '' : JSON.stringify(body).slice(0, 300)}`;
      // 503 is a designed answer (a dependency is down); 500 and the rest are not.
      if (res.status >= 500 && res.status !== 503) result.failures.push(`${what} -> ${res.status} ${res.text.slice(0, 300)}`);
      if (res.status < 400) result.served++;
      const code = (res.body as { error?: { code?: string } } | undefined)?.error?.code;
      if (res.status >= 400 && code && !declared.has(code)) undeclared.add(`${route.method} ${route.path} answered ${res.status} ${code}, not in its x-error-codes`);
    }
  }
  result.undeclared = [...undeclared];
  return result;
}

function errorLogLines(from: number): string[] {
  return ts.logLines
    .slice(from)
    .filter((line) => {
      const { level } = JSON.parse(line) as { level: string | number };
      return level === 'error' || level === 'fatal' || (typeof level === 'number' && level >= 50);
    })
    .map((line) => line.slice(0, 400));
}

test.serial('every route, with generated path, query and body, answers without a server error', async (t) => {
  t.timeout(30 * 60_000);
  const sessions = new Sessions([world.platformAdmin, world.a.users['bank_admin']!, world.b.users['bank_admin']!]);
  const routes = ts.server.services.routes.list().filter((r) => !r.stream);
  const { numRuns: asked, seed } = propertyRuns(4);
  // A case here is an HTTP request: a long run (FUZZ_RUNS=50000) takes at most 100 a route.
  const numRuns = Math.min(asked, 100);
  const logStart = ts.logLines.length;
  const r = await walk(routes, sessions, numRuns, seed);
  t.log(`${routes.length} routes, ${r.requests} requests, ${r.served} served (2xx/3xx)`);
  for (const lost of sessions.lost) t.log(`locked out by a generated request: ${lost}`);
  t.true(r.requests >= routes.length * numRuns * 0.5, `only ${r.requests} requests were sent: every administrator was locked out`);
  t.deepEqual(r.failures, [], 'server errors');
  t.deepEqual(r.undeclared, [], 'error codes a route does not declare');
  t.deepEqual(errorLogLines(logStart), [], 'error-level log lines');
  // Positive control: the generator reaches the handlers, not only the validators.
  t.true(r.served > routes.length / 4, `only ${r.served} of ${r.requests} requests were served`);
  t.is((await fetch(`${ts.url}/healthz`)).status, 200);
});

test.serial('positive control: the walk catches a route that fails on some valid bodies', async (t) => {
  const canary = defineRoute({
    id: 'fuzzCanary.create',
    method: 'POST',
    path: '/fuzz-canary',
    resource: 'fuzzCanary',
    summary: 'fails on an odd number (test only)',
    access: 'authenticated',
    audit: false, // changes nothing
    body: z.object({ n: z.number().int().min(0).max(1000) }),
    response: null,
    handler: async ({ body }) => {
      if (body.n % 2 === 1) throw new Error('the canary fails on odd numbers');
    },
  });
  ts.server.services.routes.add(canary);
  const logStart = ts.logLines.length;
  const r = await walk([canary], new Sessions([world.platformAdmin]), 30, 42);
  t.true(r.failures.some((f) => / -> 500 /.test(f)), `the walk did not see the canary's 500: ${JSON.stringify(r)}`);
  t.true(r.served > 0, 'the walk never sent the canary an even number');
  t.true(errorLogLines(logStart).length > 0, 'the canary\'s failure was not logged at error level');
});
