/**
 * Loading a configuration: JSON file, then environment variables on top, then validation.
 * Errors name the offending key (and the variable or file it came from) and never echo a value,
 * since values may be passwords.
 */
import { readFileSync } from 'node:fs';
import { resolve, dirname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { configFromEnv, envKeys, ENV_PREFIX } from './env.js';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length > 0 ? `${message}:\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Path of the JSON file; defaults to $TELLERLINE_CONFIG; no file means defaults + env. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Base for relative paths in the configuration (default: the file's directory, else cwd). */
  cwd?: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function readJsonFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read configuration file ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`configuration file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new ConfigError(`configuration file ${file} must hold a JSON object`);
  return parsed;
}

function describeIssue(issue: z.core.$ZodIssue, envVars: Set<string>): string {
  const path = issue.path.map(String).join('.');
  const variable = ENV_PREFIX + issue.path.map((p) => String(p).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
  const from = envVars.has(variable) ? ` (from ${variable})` : '';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
    return `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  }
  return `${path || '(root)'}${from}: ${issue.message}`;
}

/** Validate an already merged object (used by tests and by loadConfig). */
export function parseConfig(input: unknown, envVars: Set<string> = new Set()): Config {
  const result = configSchema().safeParse(input);
  if (!result.success) {
    throw new ConfigError('invalid configuration', result.error.issues.map((i) => describeIssue(i, envVars)));
  }
  return result.data;
}

function absolutise(config: Config, base: string): Config {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return {
    ...config,
    server: config.server.tls
      ? { ...config.server, tls: { cert: abs(config.server.tls.cert), key: abs(config.server.tls.key) } }
      : config.server,
    database: { ...config.database, sqlite: { filename: config.database.sqlite.filename === ':memory:' ? ':memory:' : abs(config.database.sqlite.filename) } },
    data: { dir: abs(config.data.dir), ...(config.data.keysDir ? { keysDir: abs(config.data.keysDir) } : {}) },
    sim: config.sim.filesDir ? { ...config.sim, filesDir: abs(config.sim.filesDir) } : config.sim,
  };
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env[`${ENV_PREFIX}CONFIG`];
  const fromFile = file ? readJsonFile(file) : {};
  const merged = deepMerge(fromFile, configFromEnv(env));
  const present = new Set(envKeys().map((k) => k.variable).filter((v) => env[v] !== undefined));
  const config = parseConfig(merged, present);
  const base = options.cwd ?? (file ? dirname(resolve(file)) : process.cwd());
  return absolutise(config, base);
}
