/**
 * Values and conditions of a running flow.
 *
 * A call's variables live in two places: `vars` (what actions returned, what `set` and
 * non-secret collects stored) and `secrets` (PINs and passwords from secure collects). Secrets
 * are read only by action arguments and wiped once sent (flow-runner.ts); reading one anywhere
 * else is a FlowRuntimeError (flow-validation.ts refuses such flows before they run).
 *
 * Built-in names: `$call.calling`, `$call.called`, `$call.lang`, `$call.dialLang`, `$call.flow`,
 * `$call.version`, `$settings.*` (the tenant's IVR settings), `$today` (YYYY-MM-DD) and `$now`
 * (HH:MM), both in the bank's time zone.
 */
import { maskAccount, maskPhone } from '../../gateway/masking.js';
import type { Condition, Expr } from './flow-schema.js';

export class FlowRuntimeError extends Error {
  readonly code = 'FLOW_RUNTIME';
  constructor(message: string, readonly node?: string) {
    super(node ? `node "${node}": ${message}` : message);
  }
}

export interface Scope {
  readonly vars: Map<string, unknown>;
  readonly secrets: Map<string, string>;
  /** Values of `$call`, `$settings`, `$today`, `$now`, computed when read. */
  builtin(name: string): unknown;
}

export const MISSING: unique symbol = Symbol('missing');
type Missing = typeof MISSING;

export function isRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('$');
}

/** The value a reference names, or MISSING. Secrets only with `allowSecrets`. */
export function lookup(ref: string, scope: Scope, options: { allowSecrets?: boolean } = {}): unknown {
  const [head, ...path] = ref.slice(1).split('.');
  if (!head) return MISSING;
  let value: unknown;
  if (scope.secrets.has(head)) {
    if (!options.allowSecrets) throw new FlowRuntimeError(`"${ref}" is a secret and may only be sent to the core`);
    if (path.length > 0) return MISSING;
    return scope.secrets.get(head);
  }
  if (scope.vars.has(head)) value = scope.vars.get(head);
  else {
    value = scope.builtin(head);
    if (value === undefined) return MISSING;
  }
  for (const key of path) {
    if (value === null || value === undefined) return MISSING;
    if (Array.isArray(value)) {
      if (key === 'length') value = value.length;
      else if (/^\d+$/.test(key)) value = value[Number(key)];
      else return MISSING;
    } else if (typeof value === 'string') {
      if (key !== 'length') return MISSING;
      value = value.length;
    } else if (typeof value === 'object') {
      if (!Object.hasOwn(value, key)) return MISSING;
      value = (value as Record<string, unknown>)[key];
    } else return MISSING;
  }
  return value === undefined ? MISSING : value;
}

/** Evaluates an expression; MISSING when a reference names nothing. */
export function evaluate(expr: Expr, scope: Scope, options: { allowSecrets?: boolean } = {}): unknown | Missing {
  if (expr === null || typeof expr === 'number' || typeof expr === 'boolean') return expr;
  if (typeof expr === 'string') return isRef(expr) ? lookup(expr, scope, options) : expr;
  // Secrets are handed on only as they are: never masked or summed (see flow-validation.ts).
  if ('mask' in expr) {
    const value = lookup(expr.from, scope);
    if (value === MISSING) return MISSING;
    const text = String(value);
    if (expr.mask === 'phone') return maskPhone(text);
    if (expr.mask === 'last4') return text.slice(-4);
    return maskAccount(text);
  }
  const [a, b] = expr.add.map((e) => evaluate(e, scope));
  if (a === MISSING || b === MISSING) return MISSING;
  const sum = Number(a) + Number(b);
  if (!Number.isFinite(sum)) throw new FlowRuntimeError(`cannot add ${typeof a} and ${typeof b}`);
  return sum;
}

/** Like evaluate, but a missing reference is an error naming it. */
export function evaluateRequired(expr: Expr, scope: Scope, what: string, options: { allowSecrets?: boolean } = {}): unknown {
  const value = evaluate(expr, scope, options);
  if (value === MISSING) throw new FlowRuntimeError(`${what}: "${typeof expr === 'string' ? expr : JSON.stringify(expr)}" is not set`);
  return value;
}

export function test(cond: Condition, scope: Scope): boolean {
  if ('all' in cond) return cond.all.every((c) => test(c, scope));
  if ('any' in cond) return cond.any.some((c) => test(c, scope));
  if ('not' in cond) return !test(cond.not, scope);
  const left = lookup(cond.var, scope, { allowSecrets: true });
  const right = cond.value === undefined ? MISSING : evaluate(cond.value, scope, { allowSecrets: true });
  switch (cond.op) {
    case 'exists':
      return left !== MISSING && left !== null;
    case 'empty':
      return left === MISSING || left === null || left === '' || (Array.isArray(left) && left.length === 0);
    case 'eq':
      return left !== MISSING && right !== MISSING && looseEqual(left, right);
    case 'ne':
      return !(left !== MISSING && right !== MISSING && looseEqual(left, right));
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      if (left === MISSING || right === MISSING) return false;
      const order = compare(left, right);
      if (order === undefined) return false;
      return cond.op === 'lt' ? order < 0 : cond.op === 'le' ? order <= 0 : cond.op === 'gt' ? order > 0 : order >= 0;
    }
    case 'has':
      return Array.isArray(left) && right !== MISSING && left.some((item) => looseEqual(item, right));
    case 'in':
      return Array.isArray(right) && left !== MISSING && right.some((item) => looseEqual(left, item));
  }
}

/** Numbers compare as numbers even when one side is a numeric string (digits keyed in). */
function looseEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '') return a === Number(b);
  if (typeof b === 'number' && typeof a === 'string' && a.trim() !== '') return b === Number(a);
  return a === b;
}

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a);
    const y = Number(b);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    return x - y;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}
