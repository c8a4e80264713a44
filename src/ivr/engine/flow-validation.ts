/**
 * Checking a flow before it is saved: the zod schemas (flow-schema.ts) and then the graph --
 * every target names a node, every prompt id is in the catalog, catalog menus are used with
 * their own actions, secrets go only to the core, the start node and defaults exist. Each
 * problem names the node and the field, so the flow editor can point at it:
 *
 *   { node: 'main-menu', field: 'actions.savings', path: 'nodes.main-menu.actions.savings',
 *     message: 'no node "savings-login"' }
 */
import type { z } from 'zod';
import { isPromptId, menuOptions, promptEntry, type PromptId } from '../../voice/prompts/index.js';
import {
  FlowDefinition,
  SPECIAL_TARGETS,
  type Condition,
  type Expr,
  type FlowNode,
  type PromptItem,
} from './flow-schema.js';

export interface FlowIssue {
  /** The node concerned, if any. */
  node?: string;
  /** The field within the node (or within the flow when there is no node). */
  field: string;
  /** Dotted path from the root of the flow. */
  path: string;
  message: string;
}

export class FlowValidationError extends Error {
  readonly code = 'FLOW_INVALID';
  constructor(readonly issues: FlowIssue[]) {
    super(`invalid flow: ${issues.slice(0, 3).map(describeIssue).join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`);
  }
}

export function describeIssue(issue: FlowIssue): string {
  return issue.node ? `node "${issue.node}", field "${issue.field}": ${issue.message}` : `${issue.field}: ${issue.message}`;
}

export type ValidationResult = { ok: true; flow: FlowDefinition } | { ok: false; issues: FlowIssue[] };

/** Validates a flow: schema first, then the graph. */
export function validateFlow(input: unknown): ValidationResult {
  const parsed = FlowDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const issues = graphIssues(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, flow: parsed.data };
}

/** Like validateFlow, but throws FlowValidationError. */
export function parseFlow(input: unknown): FlowDefinition {
  const result = validateFlow(input);
  if (!result.ok) throw new FlowValidationError(result.issues);
  return result.flow;
}

// --- schema issues ---------------------------------------------------------------------------

type Path = ReadonlyArray<PropertyKey>;
interface RawIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  errors?: RawIssue[][];
  /** invalid_key: why the key was refused. */
  issues?: RawIssue[];
}

function zodIssues(error: z.ZodError): FlowIssue[] {
  const out: FlowIssue[] = [];
  for (const issue of error.issues as unknown as RawIssue[]) flatten(issue, [], out);
  return out;
}

/** Unions report every branch: keep the branch that got furthest into the value. */
function flatten(issue: RawIssue, base: Path, out: FlowIssue[]): void {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
    if (best.length > 0 && depth(best) > 0) {
      for (const inner of best) flatten(inner, path, out);
      return;
    }
    const first = best[0];
    if (first) {
      out.push(toIssue(path, first.message));
      return;
    }
  }
  if (issue.code === 'invalid_key' && issue.issues?.[0]) {
    out.push(toIssue(path, issue.issues[0].message));
    return;
  }
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    for (const key of issue.keys) out.push(toIssue([...path, key], 'unknown field'));
    return;
  }
  out.push(toIssue(path, issue.message));
}

function depth(errors: RawIssue[]): number {
  return Math.max(0, ...errors.map((e) => e.path.length + (e.code === 'invalid_union' ? 1 : 0)));
}

function toIssue(path: Path, message: string): FlowIssue {
  const parts = path.map(String);
  if (parts[0] === 'nodes' && parts.length >= 2) {
    const field = parts.slice(2).join('.') || '(node)';
    return { node: parts[1]!, field, path: parts.join('.'), message };
  }
  const field = parts.join('.') || '(flow)';
  return { field, path: field, message };
}

// --- graph issues ----------------------------------------------------------------------------

const MENU_ONLY_TARGETS = new Set(['@back', '@repeat']);
const SPECIALS = new Set<string>(SPECIAL_TARGETS);
const RESERVED_VARS = new Set(['call', 'settings', 'today', 'now']);

class Checker {
  readonly issues: FlowIssue[] = [];
  /** Variables collected as secrets: only action arguments may read them. */
  readonly secrets = new Set<string>();

  constructor(readonly flow: FlowDefinition) {
    for (const node of Object.values(flow.nodes)) {
      if (node.type === 'collect' && (node.secret ?? node.secure)) this.secrets.add(node.into);
    }
  }

  add(node: string | undefined, field: string, message: string): void {
    const path = node ? `nodes.${node}.${field}` : field;
    this.issues.push(node ? { node, field, path, message } : { field, path, message });
  }

  target(node: string, field: string, target: string | undefined, inMenu = false): void {
    if (target === undefined) return;
    if (SPECIALS.has(target)) {
      if (MENU_ONLY_TARGETS.has(target) && !inMenu) this.add(node, field, `${target} may be used only in a menu`);
      return;
    }
    if (!Object.hasOwn(this.flow.nodes, target)) this.add(node, field, `no node "${target}"`);
  }

  prompts(node: string, field: string, items: readonly PromptItem[] | undefined): void {
    items?.forEach((item, i) => {
      const where = `${field}.${i}`;
      if (typeof item === 'string') this.promptId(node, where, item);
      else if ('id' in item) this.promptId(node, `${where}.id`, item.id);
      else {
        this.read(node, `${where}.from`, item.from);
        if (item.say === 'exchange-rate') this.read(node, `${where}.currency`, item.currency);
      }
    });
  }

  promptId(node: string, field: string, id: string): void {
    if (!isPromptId(id)) this.add(node, field, `no prompt "${id}" in the catalog`);
  }

  /** A value that ends up said, stored or compared in the clear: no secrets. */
  read(node: string, field: string, value: unknown): void {
    const name = refName(value);
    if (name && this.secrets.has(name)) this.add(node, field, `"${String(value)}" is a secret: it may only be sent to the core`);
  }

  /**
   * Every reference inside an expression, however deeply nested. With `allowSecrets` (the
   * arguments of a core action) a secret may be sent as it is, but never computed on: a
   * masked or summed PIN would leave the action readable.
   */
  expr(node: string, field: string, value: Expr | undefined, allowSecrets = false): void {
    if (value === undefined || value === null) return;
    if (typeof value === 'object') {
      if ('mask' in value) this.expr(node, `${field}.from`, value.from);
      else value.add.forEach((v, i) => this.expr(node, `${field}.add.${i}`, v));
      return;
    }
    if (!allowSecrets) this.read(node, field, value);
  }

  condition(node: string, field: string, cond: Condition): void {
    if ('all' in cond) cond.all.forEach((c, i) => this.condition(node, `${field}.all.${i}`, c));
    else if ('any' in cond) cond.any.forEach((c, i) => this.condition(node, `${field}.any.${i}`, c));
    else if ('not' in cond) this.condition(node, `${field}.not`, cond.not);
    else {
      // Secrets may be compared with each other (new password typed twice), or tested for presence.
      const secretVar = this.secrets.has(refName(cond.var) ?? '');
      const secretValue = this.secrets.has(refName(cond.value) ?? '');
      // A computed value (mask, add) holds no secret at any depth: only a bare one is compared.
      if (cond.value !== null && typeof cond.value === 'object') this.expr(node, `${field}.value`, cond.value);
      if (secretVar || secretValue) {
        const pair = secretVar && secretValue && (cond.op === 'eq' || cond.op === 'ne');
        const presence = secretVar && cond.value === undefined && (cond.op === 'exists' || cond.op === 'empty');
        if (!pair && !presence) this.add(node, `${field}.var`, 'a secret may only be compared (eq/ne) with another secret');
      }
      if (cond.op !== 'exists' && cond.op !== 'empty' && cond.value === undefined) this.add(node, `${field}.value`, `"${cond.op}" needs a value`);
    }
  }

  node(id: string, node: FlowNode): void {
    switch (node.type) {
      case 'play':
        this.prompts(id, 'prompts', node.prompts);
        this.target(id, 'next', node.next);
        break;
      case 'menu':
        this.menu(id, node);
        break;
      case 'collect':
        this.prompts(id, 'prompts', node.prompts);
        this.prompts(id, 'invalidPrompts', node.invalidPrompts);
        this.prompts(id, 'timeoutPrompts', node.timeoutPrompts);
        if (node.min > node.max) this.add(id, 'min', `min (${node.min}) is more than max (${node.max})`);
        if (RESERVED_VARS.has(node.into)) this.add(id, 'into', `"${node.into}" is reserved`);
        if ((node.secret ?? node.secure) && !node.secure) this.add(id, 'secret', 'a secret must be collected with secure: true');
        this.target(id, 'next', node.next);
        this.target(id, 'onFail', node.onFail);
        break;
      case 'action':
        for (const [name, value] of Object.entries(node.args)) this.expr(id, `args.${name}`, value, true);
        if (node.into && RESERVED_VARS.has(node.into)) this.add(id, 'into', `"${node.into}" is reserved`);
        if (node.into && this.secrets.has(node.into)) this.add(id, 'into', `"${node.into}" is collected as a secret elsewhere`);
        if (node.pinLock) {
          this.read(id, 'pinLock.kind', node.pinLock.kind);
          // The subject is stored (hashed) and shown masked in the PIN-lock list: never a PIN.
          this.read(id, 'pinLock.subject', node.pinLock.subject);
        }
        this.target(id, 'next', node.next);
        for (const [key, target] of Object.entries(node.on)) this.target(id, `on.${key}`, target);
        break;
      case 'set':
        for (const [name, value] of Object.entries(node.values)) {
          if (RESERVED_VARS.has(name)) this.add(id, `values.${name}`, `"${name}" is reserved`);
          if (this.secrets.has(name)) this.add(id, `values.${name}`, `"${name}" is collected as a secret elsewhere`);
          this.expr(id, `values.${name}`, value);
        }
        this.target(id, 'next', node.next);
        break;
      case 'condition':
        node.branches.forEach((b, i) => {
          this.condition(id, `branches.${i}.if`, b.if);
          this.target(id, `branches.${i}.next`, b.next);
        });
        this.target(id, 'else', node.else);
        break;
      case 'route-time':
        node.open.forEach((rule, i) => {
          if (rule.from >= rule.to) this.add(id, `open.${i}.to`, `"to" (${rule.to}) must be after "from" (${rule.from})`);
        });
        this.target(id, 'inHours', node.inHours);
        this.target(id, 'outOfHours', node.outOfHours);
        break;
      case 'route-number':
        node.rules.forEach((r, i) => this.target(id, `rules.${i}.next`, r.next));
        this.target(id, 'else', node.else);
        break;
      case 'transfer':
        for (const [name, value] of Object.entries(node.data)) this.expr(id, `data.${name}`, value);
        this.prompts(id, 'prompts', node.prompts);
        this.target(id, 'onReturn', node.onReturn);
        this.target(id, 'onUnavailable', node.onUnavailable);
        this.target(id, 'onVoicemail', node.onVoicemail);
        break;
      case 'voicemail':
        this.target(id, 'next', node.next);
        break;
      case 'fax':
        if (node.document.kind === 'statement') {
          this.read(id, 'document.account', node.document.account);
          this.read(id, 'document.from', node.document.from);
          this.read(id, 'document.to', node.document.to);
        }
        this.target(id, 'next', node.next);
        this.target(id, 'onFail', node.onFail);
        break;
      case 'language':
        this.target(id, 'next', node.next);
        break;
      case 'hangup':
        this.prompts(id, 'prompts', node.prompts);
        break;
    }
  }

  menu(id: string, node: Extract<FlowNode, { type: 'menu' }>): void {
    this.prompts(id, 'prompts', node.prompts);
    this.prompts(id, 'intro', node.intro);
    this.prompts(id, 'invalidPrompts', node.invalidPrompts);
    this.prompts(id, 'timeoutPrompts', node.timeoutPrompts);
    if (node.menu !== undefined) {
      if (!isPromptId(node.menu)) this.add(id, 'menu', `no prompt "${node.menu}" in the catalog`);
      else if (promptEntry(node.menu as PromptId).kind !== 'menu') this.add(id, 'menu', `"${node.menu}" is not a menu prompt`);
      else {
        const actions = new Set(menuOptions(node.menu as PromptId).map((o) => o.action));
        for (const [action, target] of Object.entries(node.actions ?? {})) {
          if (!actions.has(action)) this.add(id, `actions.${action}`, `menu "${node.menu}" has no action "${action}" (it has ${[...actions].join(', ')})`);
          this.target(id, `actions.${action}`, target, true);
        }
      }
    } else {
      if (node.actions) this.add(id, 'actions', 'actions need a catalog "menu"');
      if (!node.prompts?.length) this.add(id, 'prompts', 'a menu without a catalog "menu" needs prompts');
    }
    const keys = Object.keys(node.options ?? {});
    if (node.menu === undefined && keys.length === 0) this.add(id, 'options', 'a menu needs options or a catalog menu with actions');
    for (const [key, target] of Object.entries(node.options ?? {})) this.target(id, `options.${key}`, target, true);
    this.target(id, 'onTimeout', node.onTimeout);
    this.target(id, 'onFail', node.onFail);
  }
}

function refName(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('$')) return undefined;
  return value.slice(1).split('.')[0];
}

function graphIssues(flow: FlowDefinition): FlowIssue[] {
  const check = new Checker(flow);
  if (!Object.hasOwn(flow.nodes, flow.start)) check.add(undefined, 'start', `no node "${flow.start}"`);
  for (const [key, target] of Object.entries(flow.defaults)) {
    if (target !== undefined && !Object.hasOwn(flow.nodes, target)) check.add(undefined, `defaults.${key}`, `no node "${target}"`);
  }
  for (const [id, node] of Object.entries(flow.nodes)) check.node(id, node);
  return check.issues;
}
