/**
 * Environment variables for configuration keys, derived from the schema so that a new key gets
 * its variable automatically: `TELLERLINE_` + the key's path, camelCase turned into UPPER_SNAKE
 * (`security.lockoutSeconds` -> TELLERLINE_SECURITY_LOCKOUT_SECONDS).
 *
 * Values are strings; they are converted by the leaf's type: numbers, booleans (true/false/1/0),
 * arrays (comma-separated or a JSON array). What cannot be converted is passed through unchanged
 * so that validation reports it against the key.
 */
import type { z } from 'zod';
import { configSchema } from './schema.js';

export const ENV_PREFIX = 'TELLERLINE_';

type LeafKind = 'string' | 'number' | 'boolean' | 'number[]' | 'string[]' | 'enum';

export interface EnvKey {
  /** e.g. TELLERLINE_DATABASE_MYSQL_HOST */
  variable: string;
  /** e.g. ['database', 'mysql', 'host'] */
  path: string[];
  kind: LeafKind;
  description: string | undefined;
}

interface ZodDefLike {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
  shape?: Record<string, z.ZodType>;
}

function defOf(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

/** Strip default/prefault/optional/nullable wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType && ['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      // z.preprocess(fn, schema) is a pipe from a transform into the schema: follow the schema.
      current = defOf(def.in).type === 'transform' && def.out ? def.out : def.in;
    } else {
      return current;
    }
  }
}

function leafKind(schema: z.ZodType): LeafKind {
  const def = defOf(schema);
  switch (def.type) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'union':
      return (def.options ?? []).every((o) => typeof defOf(o).values?.[0] === 'number') ? 'number' : 'string';
    case 'array':
      return def.element && defOf(unwrap(def.element)).type === 'number' ? 'number[]' : 'string[]';
    default:
      return 'string';
  }
}

export function toUpperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function collect(schema: z.ZodType, path: string[], out: EnvKey[]): void {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'object' && def.shape) {
    for (const [key, child] of Object.entries(def.shape)) collect(child, [...path, key], out);
    return;
  }
  // A union of objects (the gateway's adapters): every key of every variant gets its variable.
  const variants = def.type === 'union' ? (def.options ?? []).map((o) => defOf(unwrap(o))) : [];
  if (variants.length > 0 && variants.every((v) => v.type === 'object' && v.shape)) {
    const seen = new Set<string>();
    for (const variant of variants) {
      for (const [key, child] of Object.entries(variant.shape!)) {
        if (seen.has(key)) continue;
        seen.add(key);
        collect(child, [...path, key], out);
      }
    }
    return;
  }
  out.push({
    variable: ENV_PREFIX + path.map(toUpperSnake).join('_'),
    path,
    kind: leafKind(inner),
    description: schema.description ?? inner.description,
  });
}

/** Every configuration key with its environment variable, in schema order. */
export function envKeys(): EnvKey[] {
  const out: EnvKey[] = [];
  collect(configSchema(), [], out);
  return out;
}

function convert(raw: string, kind: LeafKind): unknown {
  const text = raw.trim();
  switch (kind) {
    case 'number': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? n : raw;
    }
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(text)) return true;
      if (/^(false|0|no|off)$/i.test(text)) return false;
      return raw;
    case 'number[]':
    case 'string[]': {
      if (text.startsWith('[')) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return raw;
        }
      }
      const parts = text === '' ? [] : text.split(',').map((p) => p.trim());
      if (kind === 'string[]') return parts;
      return parts.map((p) => (p !== '' && Number.isFinite(Number(p)) ? Number(p) : p));
    }
    default:
      return raw;
  }
}

/** The part of a configuration given by environment variables, as a nested object. */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of envKeys()) {
    const raw = env[key.variable];
    if (raw === undefined) continue;
    let node = out;
    for (const segment of key.path.slice(0, -1)) {
      const next = node[segment];
      if (typeof next === 'object' && next !== null) {
        node = next as Record<string, unknown>;
      } else {
        const created: Record<string, unknown> = {};
        node[segment] = created;
        node = created;
      }
    }
    node[key.path[key.path.length - 1]!] = convert(raw, key.kind);
  }
  return out;
}

/**
 * Variables that start with the prefix but name no key: most likely a typo, worth a warning at
 * start (not an error: other parts of the product and tests use TELLERLINE_* variables too).
 */
export function unknownEnvVariables(env: NodeJS.ProcessEnv): string[] {
  const known = new Set(envKeys().map((k) => k.variable));
  known.add(`${ENV_PREFIX}CONFIG`);
  return Object.keys(env).filter((name) => name.startsWith(ENV_PREFIX) && !known.has(name) && !name.startsWith(`${ENV_PREFIX}TEST_`));
}
