/**
 * The role/permission matrix: every route in the registry, called by an operator of every
 * role, is refused with 403 `forbidden` exactly when the role lacks the route's permission.
 * Unauthenticated calls to non-public routes get 401. The list of routes comes from the
 * registry, so a new route is in the matrix the moment it is added.
 */
import test from 'ava';
import { appModules } from '../helpers/app-modules.js';
import { startTestServer, Client, type TestServer } from '../helpers/server.js';
import { buildWorld, loginAs, pathFor, type World } from '../helpers/fixtures.js';
import { ROLES, ROLE_PERMISSIONS, roleHas, PERMISSIONS } from '../../src/auth/permissions.js';
import type { AnyRoute } from '../../src/http/routes.js';

let ts: TestServer;
let world: World;

test.before(async () => {
  ts = await startTestServer({ modules: appModules() });
  world = await buildWorld(ts.server);
});
test.after.always(async () => {
  await ts?.close();
});

function allowed(route: AnyRoute, role: (typeof ROLES)[number]): boolean {
  if (route.access === 'public' || route.access === 'authenticated') return true;
  return roleHas(role, route.access);
}

function userFor(role: (typeof ROLES)[number]): string {
  return role === 'platform_admin' ? world.platformAdmin : world.a.users[role]!;
}

test.serial('every route x every role: allowed exactly as the permissions table declares', async (t) => {
  const routes = ts.server.services.routes.list();
  let checked = 0;
  for (const role of ROLES) {
    for (const route of routes) {
      // A fresh session per call: logout and password change must not disturb the next route.
      const client = await loginAs(ts.url, userFor(role));
      const path = pathFor(route, world.a.ids);
      const what = `${role} ${route.method} ${path}`;
      if (route.stream) {
        const controller = new AbortController();
        const res = await fetch(ts.url + path, { headers: { cookie: client.cookie! }, signal: controller.signal });
        controller.abort();
        t.is(res.status === 403, !allowed(route, role), what);
        t.true(res.status < 500, `${what}: ${res.status}`);
        checked++;
        continue;
      }
      const res = await client.request(route.method, path, route.body ? (route.example?.body ?? {}) : undefined);
      if (allowed(route, role)) {
        t.false(res.status === 403 && res.body?.error?.code === 'forbidden', `${what} should be allowed, got ${res.status} ${res.text}`);
        // Allowed means served: a server error is not "allowed", it is a bug the walk has found.
        t.true(res.status < 500, `${what} should be allowed, got ${res.status} ${res.text}`);
      } else {
        t.is(res.status, 403, `${what} should be refused, got ${res.status} ${res.text}`);
        t.is(res.body.error.code, 'forbidden', what);
      }
      checked++;
    }
  }
  t.is(checked, routes.length * ROLES.length);
});

test.serial('without a session or token every non-public route answers 401', async (t) => {
  const anonymous = new Client(ts.url);
  for (const route of ts.server.services.routes.list()) {
    if (route.access === 'public') continue;
    const res = await anonymous.request(route.method, pathFor(route, world.a.ids), route.body ? (route.example?.body ?? {}) : undefined);
    t.is(res.status, 401, `${route.method} ${route.path}`);
    t.is(res.body.error.code, 'unauthenticated');
  }
});

test('the permissions table names only known permissions, and every permission is used by a route or a role', (t) => {
  const used = new Set(ts.server.services.routes.list().map((r) => r.access));
  for (const [role, permissions] of Object.entries(ROLE_PERMISSIONS)) {
    for (const p of permissions) t.true((PERMISSIONS as readonly string[]).includes(p), `${role}: ${p}`);
  }
  for (const p of PERMISSIONS) t.true(used.has(p), `permission ${p} is checked by some route`);
});

test.serial('API tokens act with their role: a supervisor token may read CDRs but not create operators', async (t) => {
  const s = ts.server.services;
  const { token } = await s.auth.createApiToken(s.store.knex, { tenantId: world.a.tenant.id, name: 'matrix', role: 'supervisor', createdBy: null, expiresAt: null });
  const client = Client.withToken(ts.url, token);
  t.is((await client.get('/api/v1/cdr')).status, 200);
  const denied = await client.post('/api/v1/operators', { username: 'nope1', displayName: 'x', role: 'agent', password: 'Whatever-Pass-1' });
  t.is(denied.status, 403);
  t.is(denied.body.error.code, 'forbidden');
});
