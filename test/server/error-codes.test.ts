/**
 * One error style: every code the server declares is lower_snake_case, has an HTTP status
 * through its kind and is listed by a route in the OpenAPI document; and every error a route
 * actually answers (walked with its example, with an unknown id, with a broken body, without a
 * login) carries a code that the document lists for that route, with the status of its kind.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { appModules } from '../helpers/app-modules.js';
import { startTestServer, Client, type TestServer } from '../helpers/server.js';
import { buildWorld, loginAs, pathFor, queryString, type World } from '../helpers/fixtures.js';
import { errorCatalog, isLowerSnakeCase } from '../../src/http/domain-error.js';
import { statusOfKind } from '../../src/http/error-status.js';
import { openApiPath } from '../../src/http/openapi.js';
import type { AnyRoute } from '../../src/http/routes.js';

let ts: TestServer;
let world: World;
let doc: { paths: Record<string, Record<string, { 'x-error-codes': string[]; responses: Record<string, any> }>> };

test.before(async () => {
  ts = await startTestServer({ modules: appModules() });
  world = await buildWorld(ts.server);
  doc = (await (await fetch(`${ts.url}/api/v1/openapi.json`)).json()) as typeof doc;
});
test.after.always(async () => {
  await ts?.close();
});

/** A call entering the ACD twice is a fault of the telephony side, never a request's. */
const NOT_ANSWERED_OVER_HTTP = new Set(['acd_duplicate_call']);
/**
 * Answered over HTTP, but outside the API's routes (so by no operation of the document): the
 * system endpoint /metrics, and the simulator's control API. The README names them.
 */
const ANSWERED_OUTSIDE_THE_API = new Set(['metrics_forbidden', 'host_forbidden']);

function operationOf(route: AnyRoute) {
  return doc.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;
}

test.serial('every declared code is lower_snake_case, has a status, and some route lists it', (t) => {
  const catalog = errorCatalog();
  t.true(catalog.length > 30, 'the modules registered their codes');
  const listed = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op['x-error-codes'])));
  for (const { code, kind, owner } of catalog) {
    t.true(isLowerSnakeCase(code), `${code} (${owner}) is lower_snake_case`);
    t.is(typeof statusOfKind[kind], 'number', `${code} has a status`);
    if (NOT_ANSWERED_OVER_HTTP.has(code) || ANSWERED_OUTSIDE_THE_API.has(code)) continue;
    t.true(listed.has(code), `${code} (${owner}) is listed by at least one route`);
  }
  for (const code of listed) t.true(catalog.some((spec) => spec.code === code), `${code} is declared`);
});

test.serial('the table of error codes in the README names every code the API answers', (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Error codes'), readme.indexOf('\n## ', readme.indexOf('### Error codes')));
  t.true(section.length > 0, 'README has an Error codes section');
  for (const { code } of errorCatalog()) {
    if (NOT_ANSWERED_OVER_HTTP.has(code)) continue;
    t.true(section.includes(`\`${code}\``), `README lists ${code}`);
  }
});

test.serial('each operation documents its codes under the status of their kind', (t) => {
  const kindOf = new Map(errorCatalog().map((spec) => [spec.code, spec.kind]));
  for (const route of ts.server.services.routes.list()) {
    const op = operationOf(route);
    t.true(op['x-error-codes'].length > 0, `${route.id} lists codes`);
    for (const code of op['x-error-codes']) {
      const status = String(statusOfKind[kindOf.get(code)!]);
      t.true(op.responses[status].content['application/json'].schema.properties.error.properties.code.enum.includes(code), `${route.id}: ${code} under ${status}`);
    }
  }
});

test.serial('every error a route answers is one the document lists for it', async (t) => {
  const answered = new Set<string>();
  const check = (route: AnyRoute, what: string, res: { status: number; body: any }) => {
    if (res.status < 400) return;
    const code = res.body?.error?.code as string | undefined;
    t.truthy(code, `${route.id} ${what}: ${res.status} has an error code`);
    if (!code || code === 'internal') return;
    answered.add(code);
    t.true(isLowerSnakeCase(code), `${route.id} ${what}: ${code} is lower_snake_case`);
    t.true(operationOf(route)['x-error-codes'].includes(code), `${route.id} ${what}: ${code} is listed for the route`);
    const kind = errorCatalog().find((spec) => spec.code === code)?.kind;
    t.is(res.status, kind ? statusOfKind[kind] : -1, `${route.id} ${what}: ${code} has the status of its kind`);
  };
  const routes = ts.server.services.routes.list();
  for (const route of routes) {
    // A fresh session per route: logout and password change end the previous one.
    const admin = await loginAs(ts.url, world.platformAdmin);
    const path = pathFor(route, world.a.ids);
    const unknown = route.path.includes(':') ? `/api/v1${route.path.replace(/:([A-Za-z0-9_]+)/g, () => '00000000-0000-4000-8000-00000000dead')}` : undefined;
    if (route.stream) {
      for (const p of [path, unknown]) {
        if (!p) continue;
        const controller = new AbortController();
        const res = await fetch(ts.url + p, { headers: { cookie: admin.cookie! }, signal: controller.signal });
        const body = res.status >= 400 ? await res.json() : undefined;
        controller.abort();
        check(route, p, { status: res.status, body });
      }
      continue;
    }
    const query = queryString(route.example?.query);
    check(route, 'anonymous', await new Client(ts.url).request(route.method, path + query, route.body ? (route.example?.body ?? {}) : undefined));
    if (unknown) check(route, 'unknown id', await admin.request(route.method, unknown + query, route.body ? (route.example?.body ?? {}) : undefined));
    if (route.body) {
      check(route, 'broken body', await admin.request(route.method, path + query, undefined, { rawBody: '{"unterminated' }));
      check(route, 'wrong body', await admin.request(route.method, path + query, { notAField: true }));
    }
    // Last: the example may change or delete the fixture.
    check(route, 'example', await admin.request(route.method, path + query, route.body ? (route.example?.body ?? {}) : undefined));
  }
  // The walk reached the registry's own refusals and the routes' own ones.
  for (const code of ['unauthenticated', 'validation_failed', 'malformed_json', 'not_found']) t.true(answered.has(code), `walk answered ${code}`);
});
