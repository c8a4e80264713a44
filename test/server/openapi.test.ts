/**
 * The OpenAPI document is generated from the same schemas the routes validate with.
 */
import test from 'ava';
import { z } from 'zod';
import { startTestServer } from '../helpers/server.js';
import { defineRoute } from '../../src/http/routes.js';
import { openApiPath } from '../../src/http/openapi.js';

test('openapi.json lists every registered route with its schemas, permission and errors', async (t) => {
  const ts = await startTestServer();
  try {
    const res = await fetch(`${ts.url}/api/v1/openapi.json`);
    t.is(res.status, 200);
    const doc = (await res.json()) as any;
    t.is(doc.openapi, '3.1.0');
    const routes = ts.server.services.routes.list();
    for (const route of routes) {
      const op = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      t.truthy(op, `${route.method} ${route.path} is documented`);
      t.is(op.operationId, route.id);
      t.is(op['x-permission'], route.access);
      t.truthy(op.responses['4XX']);
      if (route.body) {
        const schema = op.requestBody.content['application/json'].schema;
        t.is(schema.additionalProperties, false, `${route.id} request body rejects unknown keys`);
      }
    }
    const create = doc.paths['/api/v1/operators'].post;
    t.deepEqual(create.requestBody.content['application/json'].schema.required.sort(), ['displayName', 'password', 'role', 'username']);
    const list = doc.paths['/api/v1/cdr'].get;
    t.true(list.parameters.some((p: any) => p.name === 'limit' && p.in === 'query' && p.required === false));
    t.true(list.parameters.some((p: any) => p.name === 'disposition' && p.schema.enum.includes('SYSTEM_RESTART')));
    const get = doc.paths['/api/v1/operators/{id}'].get;
    t.true(get.parameters.some((p: any) => p.name === 'id' && p.in === 'path' && p.required === true));
    t.false(JSON.stringify(doc.paths['/api/v1/operators/{id}'].get.responses).includes('passwordHash'));
    t.deepEqual(doc.paths['/api/v1/auth/login'].post.security, []);
  } finally {
    await ts.close();
  }
});

test('a route added by another module appears in the document', async (t) => {
  const ts = await startTestServer();
  try {
    ts.server.services.routes.add(
      defineRoute({
        id: 'queues.list',
        method: 'GET',
        path: '/queues',
        resource: 'queues',
        summary: 'List queues',
        access: 'cdr:read',
        query: z.object({ name: z.string().optional() }).strict(),
        response: z.object({ items: z.array(z.object({ name: z.string() }).strict()) }).strict(),
        handler: async () => ({ items: [{ name: 'retail' }] }),
      }),
    );
    const doc = (await (await fetch(`${ts.url}/api/v1/openapi.json`)).json()) as any;
    t.is(doc.paths['/api/v1/queues'].get.operationId, 'queues.list');
  } finally {
    await ts.close();
  }
});

test('a route whose example does not match its body schema is refused at registration', async (t) => {
  const ts = await startTestServer();
  try {
    t.throws(
      () =>
        ts.server.services.routes.add(
          defineRoute({ id: 'x.create', method: 'POST', path: '/x', resource: 'x', summary: 'x', access: 'tenants:write', body: z.object({ a: z.string() }).strict(), example: { body: { a: 1 } }, response: null, handler: async () => undefined }),
        ),
      { message: /example body/ },
    );
  } finally {
    await ts.close();
  }
});
