/**
 * The OpenAPI 3.1 document, generated from the route registry: the same zod schemas that
 * validate requests and responses describe them here (zod 4's toJSONSchema), so the document
 * cannot drift from the code. Each operation lists the error codes it may answer, by status
 * (`x-error-codes` has them all), from the route's `errors` and the registry's own steps.
 */
import { z } from 'zod';
import type { AnyRoute } from './routes.js';
import { errorBodySchema } from './schemas.js';
import { routeErrors, routeErrorsByStatus } from './route-errors.js';
import { SESSION_COOKIE } from '../auth/service.js';

export const API_PREFIX = '/api/v1';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(route: AnyRoute): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodObject<z.ZodRawShape> | undefined) => {
    if (!schema) return;
    for (const [name, field] of Object.entries(schema.shape) as Array<[string, z.ZodType]>) {
      const optional = field.safeParse(undefined).success;
      const js = toSchema(field, 'input');
      const description = typeof js['description'] === 'string' ? js['description'] : undefined;
      out.push({ name, in: where, required: where === 'path' || !optional, schema: js, ...(description ? { description } : {}) });
    }
  };
  add('path', route.params as z.ZodObject<z.ZodRawShape> | undefined);
  add('query', route.query as z.ZodObject<z.ZodRawShape> | undefined);
  return out;
}

/** The error body with its `code` narrowed to the codes one status may carry. */
function errorResponse(codes: readonly string[]): JsonSchema {
  const schema = toSchema(errorBodySchema, 'output') as { properties: { error: { properties: Record<string, JsonSchema> } } };
  schema.properties.error.properties['code'] = { type: 'string', enum: [...codes] };
  return { description: `error: ${codes.join(', ')}`, content: { 'application/json': { schema } } };
}

export function openApiPath(path: string): string {
  return API_PREFIX + path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export function buildOpenApi(routes: readonly AnyRoute[], info: { title: string; version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const success = String(route.response === null && !route.stream ? 204 : (route.successStatus ?? 200));
    const responses: Record<string, unknown> = {};
    if (route.stream) {
      const isEvents = route.stream === 'text/event-stream';
      responses[success] = {
        description: isEvents ? 'event stream' : 'file',
        content: { [route.stream]: { schema: isEvents ? { type: 'string' } : { type: 'string', format: 'binary' } } },
      };
    } else if (route.response === null) {
      responses[success] = { description: 'done' };
    } else {
      responses[success] = { description: 'success', content: { 'application/json': { schema: toSchema(route.response as z.ZodType, 'output') } } };
    }
    for (const [status, codes] of routeErrorsByStatus(route)) responses[String(status)] = errorResponse(codes);
    responses['4XX'] = { $ref: '#/components/responses/Error' };
    responses['5XX'] = { $ref: '#/components/responses/Error' };
    const operation: JsonSchema = {
      operationId: route.id,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.resource],
      parameters: parametersOf(route),
      responses,
      security: route.access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
      'x-permission': route.access,
      'x-error-codes': routeErrors(route).map((spec) => spec.code),
    };
    if (route.body) {
      operation['requestBody'] = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body as z.ZodType, 'input'), ...(route.example?.body !== undefined ? { example: route.example.body } : {}) } },
      };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/v1/auth/login. Unsafe methods also need the x-csrf-token header.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (tlk_...) from POST /api/v1/api-tokens' },
      },
      schemas: { Error: toSchema(errorBodySchema, 'output') },
      responses: { Error: { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
  };
}
