/**
 * Bad requests get a 4xx with the one error shape { error: { code, message } } and nothing of
 * the server's insides: no stack, no SQL, no file paths. Unexpected failures are a plain 500.
 */
import test from 'ava';
import { z } from 'zod';
import { startTestServer, makeOperator, type TestServer, type Response } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';
import { defineRoute } from '../../src/http/routes.js';
import type { Client } from '../helpers/server.js';

let ts: TestServer;
let admin: Client;

test.before(async () => {
  ts = await startTestServer({ config: { server: { bodyLimitBytes: 2048 } } });
  await makeOperator(ts.server, { username: 'root', role: 'platform_admin' });
  ts.server.services.routes.add(
    defineRoute({
      id: 'test.explode',
      method: 'GET',
      path: '/test/explode',
      resource: 'test',
      summary: 'throws an unexpected error',
      access: 'authenticated',
      response: z.object({}).strict(),
      handler: async () => {
        throw new Error('secret internals at /srv/tellerline/src/x.ts: SELECT * FROM operators');
      },
    }),
    defineRoute({
      id: 'test.leaky',
      method: 'GET',
      path: '/test/leaky',
      resource: 'test',
      summary: 'returns more than its schema declares',
      access: 'authenticated',
      response: z.object({ name: z.string() }).strict(),
      handler: async () => ({ name: 'x', passwordHash: 'scrypt$leak' }) as { name: string },
    }),
  );
  admin = await loginAs(ts.url, 'root');
});
test.after.always(async () => {
  await ts?.close();
});

function assertErrorShape(t: import('ava').ExecutionContext, res: Response, status: number, code?: string): void {
  t.is(res.status, status, res.text);
  t.is(typeof res.body, 'object');
  const body = res.body as { error: { code: string; message: string } };
  t.deepEqual(Object.keys(body), ['error']);
  t.is(typeof body.error.code, 'string');
  t.is(typeof body.error.message, 'string');
  if (code) t.is(body.error.code, code);
  for (const inside of ['stack', 'SELECT', 'SQLITE', 'knex', '/srv/', '.ts:', 'node_modules', 'scrypt$']) {
    t.false(res.text.includes(inside), `response shows ${inside}: ${res.text}`);
  }
}

test('malformed JSON is a 400 with the error shape', async (t) => {
  assertErrorShape(t, await admin.request('POST', '/api/v1/tenants', undefined, { rawBody: '{"code": "abc", ' }), 400, 'malformed_json');
  assertErrorShape(t, await admin.request('POST', '/api/v1/tenants', undefined, { rawBody: '"just a string"' }), 400, 'malformed_json');
  assertErrorShape(t, await admin.request('POST', '/api/v1/tenants', undefined, { rawBody: '{"__proto__": {"x": 1}}' }), 400);
});

test('unknown keys, wrong types and missing fields are 422 naming the field', async (t) => {
  const unknown = await admin.post('/api/v1/tenants', { code: 'bank-x', name: 'X', isAdmin: true });
  assertErrorShape(t, unknown, 422, 'validation_failed');
  t.true(unknown.text.includes('isAdmin'));
  const wrongType = await admin.post('/api/v1/tenants', { code: 42, name: 'X' });
  assertErrorShape(t, wrongType, 422, 'validation_failed');
  t.true((wrongType.body as { error: { details: Array<{ path: string }> } }).error.details.some((d) => d.path === 'body.code'));
  assertErrorShape(t, await admin.post('/api/v1/tenants', {}), 422, 'validation_failed');
  assertErrorShape(t, await admin.post('/api/v1/tenants', [1, 2]), 422, 'validation_failed');
});

test('bad query and path parameters are 422', async (t) => {
  assertErrorShape(t, await admin.get('/api/v1/cdr?limit=abc'), 422, 'validation_failed');
  assertErrorShape(t, await admin.get('/api/v1/cdr?limit=100000'), 422, 'validation_failed');
  assertErrorShape(t, await admin.get('/api/v1/cdr?from=yesterday'), 422, 'validation_failed');
  assertErrorShape(t, await admin.get('/api/v1/cdr?whatever=1'), 422, 'validation_failed');
  assertErrorShape(t, await admin.get('/api/v1/operators/not-a-uuid'), 422, 'validation_failed');
});

test('oversize bodies are 413, non-JSON bodies 415', async (t) => {
  assertErrorShape(t, await admin.post('/api/v1/tenants', { code: 'big', name: 'x'.repeat(5000) }), 413, 'payload_too_large');
  assertErrorShape(t, await admin.request('POST', '/api/v1/tenants', undefined, { rawBody: 'code=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
});

test('unique-key violations are 409', async (t) => {
  t.is((await admin.post('/api/v1/tenants', { code: 'twice', name: 'Twice' })).status, 201);
  assertErrorShape(t, await admin.post('/api/v1/tenants', { code: 'twice', name: 'Twice again' }), 409, 'conflict');
});

test('unknown objects, endpoints and methods', async (t) => {
  assertErrorShape(t, await admin.get('/api/v1/tenants/6f1c2b4e-0000-4000-8000-000000000001'), 404, 'not_found');
  assertErrorShape(t, await admin.get('/api/v1/no-such-thing'), 404, 'not_found');
  assertErrorShape(t, await admin.request('PUT', '/api/v1/tenants'), 405, 'method_not_allowed');
});

test('unexpected errors are a plain 500; the details go to the log only', async (t) => {
  const res = await admin.get('/api/v1/test/explode');
  assertErrorShape(t, res, 500, 'internal');
  t.true(ts.logLines.some((l) => l.includes('secret internals')), 'the log keeps the details');
});

test('a response outside its schema is refused rather than sent', async (t) => {
  assertErrorShape(t, await admin.get('/api/v1/test/leaky'), 500, 'internal');
});
