/**
 * Runs one call through one version of a flow: node by node until the caller or the flow hangs
 * up. The version is fixed for the whole call (hot reload: new calls get the new version).
 *
 * What the engine guarantees whatever the flow says:
 * - never dead air: an error in a node says "service temporarily unavailable" and sends the
 *   caller to the flow's agent node (once), else says goodbye and hangs up; a core outage
 *   (GatewayError: timeout, refused, circuit open) says the same and offers an agent (menu 0)
 *   or the main menu (*);
 * - secrets (PINs, passwords: secure collects) live only in memory, are read only by action
 *   arguments, and are wiped once sent to the core, when the caller goes back to a menu, and
 *   when the call ends; they are never said, logged or copied;
 * - wrong PINs are counted per card/account across calls (pinLock on an action), and a
 *   locked card/account is refused before its PIN reaches the core;
 * - money operations carry an idempotency key; when the answer is lost the engine asks the
 *   core whether the operation happened before telling the caller anything;
 * - a loop that never talks to the caller is cut after a few hundred steps.
 *
 * The engine adds virtual nodes of its own (ids starting with '~'): goodbye, the unavailable
 * offer, voicemail after a queue, the locked and refused messages.
 */
import type { FaxDocument } from '../../telephony/ports.js';
import { parseKeyedAmount, parseKeyedDate, parseKeyedIdNumber, parseKeyedYuan } from '../banking/keyed-input.js';
import type { PromptId } from '../../voice/prompts/index.js';
import { menuOptions } from '../../voice/prompts/index.js';
import { evaluate, evaluateRequired, FlowRuntimeError, MISSING, test, type Scope } from './expressions.js';
import { VOICEMAIL_REASONS, type FlowDefinition, type FlowNode, type NodeOf, type PromptItem } from './flow-schema.js';
import type { FlowRunDeps } from './ivr-session.js';
import { CoreActionStep } from './core-action.js';
import { END, type Next } from './flow-step.js';
import { numberMatches } from '../../telephony/number-match.js';
import { renderPrompts } from './prompt-render.js';


/** Steps in a row without the caller hearing or keying anything before the flow is cut. */
const MAX_SILENT_STEPS = 250;
/** Nodes in one call before it is cut (a flow that loops through prompts and the core forever). */
const MAX_STEPS = 5000;

export interface RunSummary {
  /** Nodes visited, in order (for tests and diagnostics; no values). */
  path: string[];
  errors: number;
  endedBy: 'flow' | 'caller' | 'error';
}

export class FlowRunner {
  readonly vars = new Map<string, unknown>();
  readonly secrets = new Map<string, string>();
  private readonly menus: string[] = [];
  private readonly virtual = new Map<string, FlowNode>();
  private readonly path: string[] = [];
  private readonly firstOffer = new Set<string>();
  private errors = 0;
  private silentSteps = 0;
  private usedAgentFallback = false;
  private readonly scope: Scope;
  private readonly coreAction: CoreActionStep;

  constructor(
    private readonly flow: FlowDefinition,
    private readonly deps: FlowRunDeps,
  ) {
    this.scope = {
      vars: this.vars,
      secrets: this.secrets,
      builtin: (name) => this.builtin(name),
    };
    this.coreAction = new CoreActionStep(deps, this.scope, this.vars, this.secrets, (target, from) => this.target(target, from));
  }

  get mainNode(): string {
    return this.flow.defaults.main ?? this.flow.start;
  }

  /** Runs the call to its end. Never throws for what happens in the flow. */
  async run(): Promise<RunSummary> {
    const { session } = this.deps;
    let endedBy: RunSummary['endedBy'] = 'flow';
    try {
      await session.answer();
      session.note({ type: 'note', text: `ivr flow ${this.deps.flowName} v${this.deps.flowVersion}` });
      let current: Next = this.flow.start;
      while (current !== END) {
        if (session.ended) {
          endedBy = 'caller';
          break;
        }
        const id: string = current;
        let next: Next;
        try {
          next = await this.step(id);
        } catch (err) {
          next = await this.recover(err, id);
        }
        current = next;
      }
      if (session.ended && endedBy === 'flow' && current !== END) endedBy = 'caller';
    } catch (err) {
      // Only a failure of the recovery itself gets here: the caller must not stay in silence.
      endedBy = 'error';
      this.deps.logger.error({ err: safeError(err), flow: this.deps.flowName }, 'ivr flow could not recover');
      await this.sayGoodbye().catch(() => undefined);
    } finally {
      this.secrets.clear();
    }
    if (!session.ended) await session.hangUp().catch(() => undefined);
    return { path: this.path, errors: this.errors, endedBy };
  }

  private node(id: string): FlowNode {
    const node = this.flow.nodes[id] ?? this.virtual.get(id) ?? this.virtualNode(id);
    if (!node) throw new FlowRuntimeError(`no node "${id}"`);
    return node;
  }

  private async step(id: string): Promise<Next> {
    const node = this.node(id);
    this.path.push(id);
    if (++this.silentSteps > MAX_SILENT_STEPS) throw new FlowRuntimeError('the flow keeps going without talking to the caller (a loop?)', id);
    if (this.path.length > MAX_STEPS) throw new FlowRuntimeError(`more than ${MAX_STEPS} nodes in one call (a loop?)`, id);
    this.deps.logger.debug({ node: id, type: node.type }, 'ivr node');
    switch (node.type) {
      case 'play':
        return this.play(id, node);
      case 'menu':
        return this.menu(id, node);
      case 'collect':
        return this.collect(id, node);
      case 'action':
        return this.coreAction.run(id, node);
      case 'set':
        for (const [name, expr] of Object.entries(node.values)) {
          this.vars.set(name, evaluateRequired(expr, this.scope, `node "${id}" value ${name}`));
        }
        return this.target(node.next, id);
      case 'condition': {
        const branch = node.branches.find((b) => test(b.if, this.scope));
        return this.target(branch ? branch.next : node.else, id);
      }
      case 'route-time':
        return this.target(this.inHours(node) ? node.inHours : node.outOfHours, id);
      case 'route-number': {
        const number = node.by === 'calling' ? this.deps.session.calling : this.deps.session.called;
        const rule = node.rules.find((r) => r.match.some((p) => numberMatches(p, number)));
        return this.target(rule ? rule.next : node.else, id);
      }
      case 'transfer':
        return this.transfer(id, node);
      case 'voicemail':
        return this.voicemail(id, node);
      case 'fax':
        return this.fax(id, node);
      case 'language':
        this.deps.session.lang = node.lang;
        return this.target(node.next, id);
      case 'hangup':
        if (node.prompts?.length) await this.say(node.prompts, false);
        return END;
    }
  }

  // --- targets and built-ins ----------------------------------------------------------------

  private target(target: string, from: string): Next {
    if (target === '@menu') return this.menus.at(-1) ?? this.mainNode;
    if (target === '@back') {
      // From a navigation menu: the one before it; from a confirmation: the menu it sits on.
      if (this.menus.at(-1) === from) this.menus.pop();
      return this.menus.at(-1) ?? this.mainNode;
    }
    if (target === '@repeat') return from;
    return target;
  }

  private builtin(name: string): unknown {
    switch (name) {
      case 'call':
        return {
          calling: this.deps.session.calling,
          called: this.deps.session.called,
          lang: this.deps.session.lang,
          dialLang: this.deps.dialLang,
          flow: this.deps.flowName,
          version: this.deps.flowVersion,
        };
      case 'settings':
        return this.deps.settings;
      case 'today':
        return this.deps.calendar.localTime(this.deps.wallTime().getTime()).date;
      case 'now': {
        const minute = this.deps.calendar.localTime(this.deps.wallTime().getTime()).minuteOfDay;
        return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      }
      default:
        return undefined;
    }
  }

  /** The engine's own nodes: '~goodbye', '~unavailable', '~transfer-unavailable:<node>', ... */
  private virtualNode(id: string): FlowNode | undefined {
    const colon = id.indexOf(':');
    const kind = colon < 0 ? id : id.slice(0, colon);
    const arg = colon < 0 ? '' : id.slice(colon + 1);
    const agent = this.flow.defaults.agent;
    let node: FlowNode | undefined;
    switch (kind) {
      case '~goodbye':
        node = { type: 'hangup', prompts: ['goodbye'] };
        break;
      case '~unavailable':
        node = agent
          ? { type: 'play', prompts: ['service.unavailable'], bargeIn: true, next: '~unavailable-menu' }
          : { type: 'play', prompts: ['service.unavailable'], bargeIn: true, next: '@menu' };
        break;
      case '~unavailable-menu':
        node = { type: 'menu', menu: 'menu.unavailable', actions: { agent: agent ?? '~goodbye', main: this.mainNode }, retries: 1, onFail: this.goodbyeNode(), stack: false };
        break;
      case '~transfer-unavailable':
        node = {
          type: 'menu',
          intro: ['agent.no_answer'],
          menu: 'menu.queue',
          actions: { wait: arg, voicemail: `~voicemail:no-answer:${this.transferQueue(arg)}`, main: this.mainNode },
          retries: 1,
          onFail: this.goodbyeNode(),
          stack: false,
        };
        break;
      case '~voicemail': {
        const [reason = 'no-answer', queue] = arg.split(':');
        const known = (VOICEMAIL_REASONS as readonly string[]).includes(reason) ? (reason as (typeof VOICEMAIL_REASONS)[number]) : 'no-answer';
        node = { type: 'voicemail', reason: known, ...(queue ? { queue } : {}), next: this.goodbyeNode() };
        break;
      }
      case '~locked':
        node = { type: 'play', prompts: ['auth.locked'], bargeIn: true, next: this.mainNode };
        break;
      case '~refused':
        node = { type: 'play', prompts: ['auth.account_restricted'], bargeIn: true, next: '@menu' };
        break;
      default:
        return undefined;
    }
    this.virtual.set(id, node);
    return node;
  }

  private transferQueue(nodeId: string): string {
    const node = this.flow.nodes[nodeId];
    return node?.type === 'transfer' ? node.queue : '';
  }

  private goodbyeNode(): string {
    return this.flow.defaults.goodbye ?? '~goodbye';
  }

  private async sayGoodbye(): Promise<void> {
    if (this.deps.session.ended) return;
    await this.deps.session.play([this.deps.prompts.prompt('goodbye', this.deps.session.lang)]);
  }

  /** Something went wrong inside a node: apologise, then an agent (once) or goodbye. */
  private async recover(err: unknown, id: string): Promise<Next> {
    this.errors++;
    this.deps.logger.error({ err: safeError(err), node: id, flow: this.deps.flowName, version: this.deps.flowVersion }, 'ivr node failed');
    if (this.deps.session.ended) return END;
    this.secrets.clear();
    if (this.errors > 3) {
      await this.sayGoodbye();
      return END;
    }
    await this.deps.session.play([this.deps.prompts.prompt('service.unavailable', this.deps.session.lang)]);
    const agent = this.flow.defaults.agent;
    if (agent && !this.usedAgentFallback && id !== agent) {
      this.usedAgentFallback = true;
      return agent;
    }
    await this.sayGoodbye();
    return END;
  }

  // --- speaking and listening ---------------------------------------------------------------

  private render(items: readonly PromptItem[]) {
    return renderPrompts(items, this.scope, this.deps.session.lang, this.deps.prompts);
  }

  /** Plays; a reading of something sensitive pauses recordings and masks events meanwhile. */
  private async say(items: readonly PromptItem[], bargeIn: boolean): Promise<void> {
    const refs = this.render(items);
    if (refs.length === 0) return;
    this.silentSteps = 0;
    const sensitive = refs.some((r) => r.sensitive);
    if (sensitive) this.deps.session.enterSecure();
    try {
      await this.deps.session.play(refs, { bargeIn });
    } finally {
      if (sensitive) this.deps.session.leaveSecure();
    }
  }

  private async play(id: string, node: NodeOf<'play'>): Promise<Next> {
    await this.say(node.prompts, node.bargeIn ?? true);
    return this.target(node.next, id);
  }

  private menuKeys(id: string, node: NodeOf<'menu'>): Map<string, string> {
    const keys = new Map<string, string>();
    if (node.menu) {
      for (const option of menuOptions(node.menu as PromptId)) {
        const target = node.actions?.[option.action];
        if (target !== undefined) keys.set(option.key, target);
      }
    }
    for (const [key, target] of Object.entries(node.options ?? {})) keys.set(key, target);
    if (keys.size === 0) throw new FlowRuntimeError('the menu has no keys', id);
    return keys;
  }

  private async menu(id: string, node: NodeOf<'menu'>): Promise<Next> {
    const { session } = this.deps;
    if (node.stack !== false) {
      const at = this.menus.indexOf(id);
      if (at >= 0) this.menus.length = at + 1;
      else this.menus.push(id);
      // Back at a menu: whatever secret was keyed and not sent is dropped.
      this.secrets.clear();
    }
    const keys = this.menuKeys(id, node);
    const sentence: PromptItem[] = [...(node.prompts ?? []), ...(node.menu ? [node.menu] : [])];
    const retries = node.retries ?? 3;
    let errors = 0;
    let intro = !this.firstOffer.has(id) && node.intro?.length ? node.intro : [];
    this.firstOffer.add(id);
    for (;;) {
      const prompts = this.render([...intro, ...sentence]);
      intro = [];
      this.silentSteps = 0;
      const result = await session.collect({ max: 1, min: 1, terminator: '', prompts, ...(node.timeoutMs ? { firstDigitTimeoutMs: node.timeoutMs } : { firstDigitTimeoutMs: 6000 }), purpose: 'menu' });
      if (result.reason === 'hangup' || session.ended) return END;
      let problem: PromptItem[];
      if (result.digits === '') {
        if (node.onTimeout) return this.target(node.onTimeout, id);
        problem = node.timeoutPrompts ?? ['input.timeout'];
      } else {
        const target = keys.get(result.digits);
        if (target === '@repeat') {
          errors = 0;
          continue;
        }
        if (target !== undefined) return this.target(target, id);
        problem = node.invalidPrompts ?? ['input.invalid'];
      }
      if (++errors > retries) {
        await this.say(['input.too_many_errors'], false);
        return this.target(node.onFail ?? this.goodbyeNode(), id);
      }
      await this.say(problem, true);
    }
  }

  private async collect(id: string, node: NodeOf<'collect'>): Promise<Next> {
    const { session } = this.deps;
    const secret = node.secret ?? node.secure;
    const retries = node.retries ?? 2;
    let errors = 0;
    for (;;) {
      this.silentSteps = 0;
      const terminator = node.terminator ?? '#';
      const result = await session.collect({
        min: node.min,
        // One more than may be valid when a terminator ends the entry: the caller's '#' after
        // the last digit then ends it (and is not left to cut the next prompt short).
        max: terminator ? node.max + 1 : node.max,
        terminator,
        ...(node.firstDigitTimeoutMs ? { firstDigitTimeoutMs: node.firstDigitTimeoutMs } : { firstDigitTimeoutMs: 8000 }),
        ...(node.interDigitTimeoutMs ? { interDigitTimeoutMs: node.interDigitTimeoutMs } : {}),
        secure: node.secure,
        prompts: this.render(node.prompts),
        purpose: node.purpose ?? node.into,
      });
      if (result.reason === 'hangup' || session.ended) return END;
      let problem: PromptItem[] | undefined;
      if (result.digits === '' || result.reason === 'timeout') {
        problem = node.timeoutPrompts ?? ['input.timeout'];
      } else {
        const value = this.parseInput(node, result.digits);
        if (value !== undefined) {
          if (secret) this.secrets.set(node.into, String(value));
          else this.vars.set(node.into, value);
          return this.target(node.next, id);
        }
        problem = node.invalidPrompts ?? [node.format === 'date' ? 'input.date_invalid' : node.format === 'amount' || node.format === 'yuan' ? 'input.amount_invalid' : 'input.invalid'];
      }
      if (++errors > retries) {
        await this.say(['input.too_many_errors'], false);
        return this.target(node.onFail ?? '@menu', id);
      }
      await this.say(problem, true);
    }
  }

  private parseInput(node: NodeOf<'collect'>, digits: string): string | number | undefined {
    if (digits.length < node.min || digits.length > node.max) return undefined;
    switch (node.format) {
      case 'digits':
        return /^\d+$/.test(digits) ? digits : undefined;
      case 'amount':
        return parseKeyedAmount(digits);
      case 'yuan':
        return parseKeyedYuan(digits);
      case 'date':
        return parseKeyedDate(digits, String(this.builtin('today')));
      case 'id-number':
        return parseKeyedIdNumber(digits);
    }
  }

  // --- the core: see core-action.ts ----------------------------------------------------------

  // --- routing -------------------------------------------------------------------------------

  private inHours(node: NodeOf<'route-time'>): boolean {
    const { calendar } = this.deps;
    const local = calendar.localTime(this.deps.wallTime().getTime());
    if (calendar.isHoliday(local.date) && node.closedOnHolidays !== false) return false;
    const working = calendar.isWorkingDay(local.date);
    const isoWeekday = local.weekday === 0 ? 7 : local.weekday;
    return node.open.some((rule) => {
      const dayOk =
        rule.days === 'all' ? true : rule.days === 'workdays' ? working : rule.days === 'non-workdays' ? !working : rule.days.includes(isoWeekday);
      return dayOk && local.minuteOfDay >= minutes(rule.from) && local.minuteOfDay < minutes(rule.to);
    });
  }

  // --- other applications ---------------------------------------------------------------------

  private async transfer(id: string, node: NodeOf<'transfer'>): Promise<Next> {
    const queues = this.deps.queues;
    if (!queues) return this.target(node.onUnavailable ?? `~transfer-unavailable:${id}`, id);
    await this.say(node.prompts ?? ['agent.transfer'], false);
    const data: Record<string, string> = {};
    for (const [name, expr] of Object.entries(node.data)) {
      const value = evaluate(expr, this.scope);
      if (value !== MISSING && value !== null) data[name] = String(value);
    }
    this.silentSteps = 0;
    const outcome = await queues.enqueue(this.deps.ctx, { queue: node.queue, ...(node.priority !== undefined ? { priority: node.priority } : {}), data });
    switch (outcome.kind) {
      case 'connected':
        // The caller is with an agent now: the call is theirs until it ends.
        await this.deps.session.released;
        return END;
      case 'abandoned':
        return END;
      case 'voicemail':
        return this.target(node.onVoicemail ?? `~voicemail:${outcome.reason}:${node.queue}`, id);
      case 'ivr':
        return this.target(node.onReturn ?? this.mainNode, id);
      case 'unavailable':
        return this.target(node.onUnavailable ?? `~transfer-unavailable:${id}`, id);
    }
  }

  private async voicemail(id: string, node: NodeOf<'voicemail'>): Promise<Next> {
    const port = this.deps.voicemail;
    if (!port) {
      await this.say(['service.unavailable'], false);
      return this.target(node.next ?? this.goodbyeNode(), id);
    }
    this.silentSteps = 0;
    await port.record(this.deps.ctx, node.reason, node.queue);
    return this.target(node.next ?? this.goodbyeNode(), id);
  }

  private async fax(id: string, node: NodeOf<'fax'>): Promise<Next> {
    const faxes = this.deps.faxes;
    const failed = node.onFail ?? node.next;
    if (!faxes) {
      await this.say(['service.unavailable'], true);
      return this.target(failed, id);
    }
    let document: FaxDocument;
    const spec = node.document;
    if (spec.kind === 'statement') {
      const from = spec.from ? String(evaluateRequired(spec.from, this.scope, 'document.from')) : undefined;
      const to = spec.to ? String(evaluateRequired(spec.to, this.scope, 'document.to')) : undefined;
      const session = spec.session ? String(evaluateRequired(spec.session, this.scope, 'document.session')) : undefined;
      document = {
        kind: 'statement',
        account: String(evaluateRequired(spec.account, this.scope, 'document.account')),
        ...(session ? { session } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(spec.maxEntries ? { maxEntries: spec.maxEntries } : {}),
      };
    } else document = { kind: 'document', documentId: spec.documentId };

    let number = '';
    if (node.askNumber !== false) {
      this.silentSteps = 0;
      const entry = await this.deps.session.collect({ min: 1, max: 20, terminator: '#', firstDigitTimeoutMs: 10_000, prompts: this.render(['fax.enter_number']), purpose: 'fax-number' });
      if (entry.reason === 'hangup' || this.deps.session.ended) return END;
      if (entry.reason === 'timeout' || !/^\d*$/.test(entry.digits)) {
        await this.say(['input.invalid'], false);
        return this.target(failed, id);
      }
      number = entry.digits;
    }
    this.silentSteps = 0;
    if (number === '') {
      // The fax port tells the caller to press start, then sends.
      const outcome = await faxes.sendToCaller(this.deps.ctx, document);
      if (outcome.kind === 'failed') {
        if (!this.deps.session.ended) await this.say(['fax.failed'], false);
        return this.target(failed, id);
      }
      // The line carried the fax: nothing more can be heard on it.
      return END;
    }
    const outcome = await faxes.queueOutbound(this.deps.ctx, document, number);
    const refused = outcome.kind === 'failed' && outcome.reason === 'number-not-allowed';
    await this.say([refused ? 'fax.number_not_allowed' : outcome.kind === 'failed' ? 'fax.failed' : outcome.kind === 'sent' ? 'fax.sent' : 'fax.will_call'], false);
    return this.target(outcome.kind === 'failed' ? failed : node.next, id);
  }
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** An error for the log: message and code only (never a request that may hold a PIN). */
function safeError(err: unknown): { message: string; code?: string; name?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { message: String(err) };
}
