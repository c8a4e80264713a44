/**
 * fast-check arbitraries from JSON Schema (the dialect zod 4's toJSONSchema writes into the
 * OpenAPI document): values the schema accepts, and values near it that it should refuse
 * (a required field missing, a field of the wrong type, anything at all).
 */
import fc from 'fast-check';

export type JsonSchema = Record<string, unknown>;

const anyJson = fc.jsonValue({ maxDepth: 2 });

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  'date-time': fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  time: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  email: fc.emailAddress(),
  uuid: fc.uuid({ version: 4 }),
  uri: fc.webUrl(),
  url: fc.webUrl(),
};

function clampLength(s: string, min: number | undefined, max: number | undefined): string {
  let out = s;
  if (max !== undefined && out.length > max) out = out.slice(0, max);
  while (min !== undefined && out.length < min) out += 'x';
  return out;
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : undefined;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : undefined;
  const format = typeof schema['format'] === 'string' ? FORMATS[schema['format']] : undefined;
  if (format) return format;
  if (typeof schema['pattern'] === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema['pattern'])).map((s) => clampLength(s, min, max));
    } catch {
      // a pattern fast-check cannot invert: fall through to plain text
    }
  }
  const text = fc.oneof(
    fc.string({ maxLength: Math.min(max ?? 40, 40) }),
    fc.string({ unit: 'grapheme', maxLength: Math.min(max ?? 20, 20) }),
    fc.constantFrom('', ' ', '0', '-1', 'null', '../../etc/passwd', '%00', "'; drop table x; --", '<script>', '\u0000', '9'.repeat(30)),
  );
  return text.map((s) => clampLength(s, min, max));
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const num = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
  let min = num('minimum');
  let max = num('maximum');
  const exMin = num('exclusiveMinimum');
  const exMax = num('exclusiveMaximum');
  if (exMin !== undefined) min = integer ? Math.floor(exMin) + 1 : exMin + 1e-6;
  if (exMax !== undefined) max = integer ? Math.ceil(exMax) - 1 : exMax - 1e-6;
  if (integer) {
    const lo = Math.max(min ?? -1_000_000, Number.MIN_SAFE_INTEGER);
    const hi = Math.min(max ?? 1_000_000, Number.MAX_SAFE_INTEGER);
    return fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(lo, hi));
  }
  return fc.double({ min: min ?? -1e9, max: max ?? 1e9, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema accepts (as far as JSON Schema says; zod refinements may still refuse some). */
export function valid(schema: JsonSchema, root: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (typeof schema['$ref'] === 'string') {
    const target = resolve(schema['$ref'], root);
    return target ? valid(target, root, depth + 1) : anyJson;
  }
  if ('const' in schema) return fc.constant(schema['const']);
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return fc.oneof(...options.map((o) => valid(o as JsonSchema, root, depth + 1)));
  }
  if (Array.isArray(schema['allOf']) && schema['allOf'].length > 0) return valid(schema['allOf'][0] as JsonSchema, root, depth + 1);
  const type = schema['type'];
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => valid({ ...schema, type: t }, root, depth + 1)));
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema['items'] as JsonSchema | undefined) ?? {};
      const minLength = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      const maxLength = Math.max(minLength, Math.min(typeof schema['maxItems'] === 'number' ? schema['maxItems'] : 4, 4));
      return fc.array(valid(items, root, depth + 1), { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, root, depth);
    default:
      return schema['properties'] ? objectArbitrary(schema, root, depth) : anyJson;
  }
}

function objectArbitrary(schema: JsonSchema, root: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema['properties'] as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  const entries = Object.entries(properties).map(([name, prop]) => {
    const value = valid(prop, root, depth + 1);
    return [name, required.has(name) ? value : fc.option(value, { nil: undefined, freq: 3 })] as const;
  });
  return fc.tuple(...entries.map(([, arb]) => arb)).map((values) => {
    const out: Record<string, unknown> = {};
    entries.forEach(([name], i) => {
      if (values[i] !== undefined) out[name] = values[i];
    });
    return out;
  });
}

/** Near misses: valid objects with a field dropped or of the wrong type, or anything at all. */
export function nearMiss(schema: JsonSchema, root: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    anyJson,
    fc.tuple(valid(schema, root), fc.nat(), anyJson, fc.boolean()).map(([value, pick, junk, drop]) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return junk;
      const keys = Object.keys(value);
      if (keys.length === 0) return { [String(pick)]: junk };
      const key = keys[pick % keys.length]!;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      if (drop) delete copy[key];
      else copy[key] = junk;
      return copy;
    }),
  );
}

function resolve(ref: string, root: JsonSchema): JsonSchema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (!at || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at && typeof at === 'object' ? (at as JsonSchema) : undefined;
}
