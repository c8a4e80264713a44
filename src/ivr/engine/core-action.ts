/**
 * An `action` node: one call to the core banking system. Secrets are read only into the
 * arguments and wiped once sent; wrong PINs are counted per card/account (pinLock) and a locked
 * one is refused before its PIN reaches the core; money operations carry an idempotency key, and
 * when the answer is lost the core is asked whether the operation happened before the caller is
 * told anything.
 */
import { randomUUID } from 'node:crypto';
import { gatewayContext } from '../../gateway/module.js';
import { isGatewayError } from '../../gateway/gateway-error.js';
import { operations, type OperationName } from '../../gateway/core-banking.js';
import { isPinSubjectKind } from '../banking/pin-lock-service.js';
import type { PinSubjectKind } from '../store/pin-locks-repo.js';
import { evaluate, evaluateRequired, FlowRuntimeError, isRef, lookup, MISSING, type Scope } from './expressions.js';
import type { NodeOf } from './flow-schema.js';
import type { Next } from './flow-step.js';
import type { FlowRunDeps } from './ivr-session.js';

const MONEY_OPERATIONS = new Set<OperationName>(['transfer', 'payBill', 'mobilePrepay']);

export class CoreActionStep {
  constructor(
    private readonly deps: FlowRunDeps,
    private readonly scope: Scope,
    private readonly vars: Map<string, unknown>,
    private readonly secrets: Map<string, string>,
    /** The next node for a target named by the node (`from`: the node naming it). */
    private readonly target: (target: string, from: string) => Next,
  ) {}

  /** Awaits something outside the engine with its clock held (deterministic free-running tests). */
  private async held<T>(work: () => Promise<T>): Promise<T> {
    const release = this.deps.hold();
    try {
      return await work();
    } finally {
      release();
    }
  }

  private callCore(operation: OperationName, args: Record<string, unknown>): Promise<{ ok: boolean; [key: string]: unknown }> {
    const gateway = this.deps.gateway;
    if (!gateway) {
      return Promise.reject(Object.assign(new Error('no data gateway'), { gatewayUnavailable: true }));
    }
    const method = (gateway as unknown as Record<OperationName, (req: unknown) => Promise<{ ok: boolean }>>)[operation];
    return this.held(() =>
      gatewayContext.run({ tenantId: this.deps.tenantId, legId: this.deps.legId }, () => method.call(gateway, args)),
    ) as Promise<{ ok: boolean; [key: string]: unknown }>;
  }

  private pinSubject(id: string, node: NodeOf<'action'>): { kind: PinSubjectKind; number: string } | undefined {
    if (!node.pinLock) return undefined;
    const kind = isRef(node.pinLock.kind) ? lookup(node.pinLock.kind, this.scope) : node.pinLock.kind;
    if (!isPinSubjectKind(kind)) throw new FlowRuntimeError(`pinLock.kind "${String(kind)}" is not card, passbook, corporate or signed`, id);
    const number = evaluateRequired(node.pinLock.subject, this.scope, 'pinLock.subject', { allowSecrets: true });
    return { kind, number: String(number) };
  }

  async run(id: string, node: NodeOf<'action'>): Promise<Next> {
    const { tenantId, pinLocks } = this.deps;
    const args: Record<string, unknown> = {};
    let usesSecrets = false;
    for (const [name, expr] of Object.entries(node.args)) {
      if (isRef(expr) && this.secrets.has(expr.slice(1).split('.')[0]!)) usesSecrets = true;
      const value = evaluate(expr, this.scope, { allowSecrets: true });
      if (value !== MISSING) args[name] = value;
    }
    const money = MONEY_OPERATIONS.has(node.operation);
    if (money && args['idempotencyKey'] === undefined) args['idempotencyKey'] = `ivr-${randomUUID().replaceAll('-', '')}`;
    const check = (operations[node.operation].request as { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } } }).safeParse(args);
    if (!check.success) {
      this.secrets.clear();
      const fields = (check.error?.issues ?? []).map((i) => i.path.map(String).join('.')).join(', ');
      throw new FlowRuntimeError(`the arguments of ${node.operation} are not valid (${fields})`, id);
    }
    const subject = this.pinSubject(id, node);
    const store = (value: unknown) => {
      if (node.into) this.vars.set(node.into, value);
    };
    const lockedTarget = () => this.target(node.on.locked ?? node.on.PASSWORD_LOCKED ?? '~locked', id);

    const state = subject ? await this.held(() => pinLocks.state(tenantId, subject.kind, subject.number)) : 'open';
    if (state === 'locked') {
      this.secrets.clear();
      store({ ok: false, code: 'PASSWORD_LOCKED', locked: true });
      return lockedTarget();
    }
    if (state === 'held') return this.pinHeld(id, node, store);

    let result: { ok: boolean; [key: string]: unknown };
    try {
      result = await this.callCore(node.operation, args);
    } catch (err) {
      if (usesSecrets) this.secrets.clear();
      return this.coreFailed(id, node, err, args, money, store);
    }
    if (usesSecrets) this.secrets.clear();

    if (result.ok) {
      if (subject) await this.held(() => pinLocks.success(tenantId, subject.kind, subject.number));
      store(result);
      return this.target(node.next, id);
    }
    const code = String(result['code']);
    if (subject && code === 'WRONG_PASSWORD') {
      const outcome = await this.held(() => pinLocks.failure(tenantId, subject.kind, subject.number, this.deps.settings.pinMaxAttempts));
      if (outcome.held) return this.pinHeld(id, node, store);
      store({ ...result, attemptsLeft: outcome.attemptsLeft, ...(outcome.locked ? { locked: true } : {}) });
      if (outcome.locked) return lockedTarget();
      return this.target(node.on.WRONG_PASSWORD ?? node.on.business ?? '~refused', id);
    }
    if (subject && code === 'PASSWORD_LOCKED') {
      // The core counts too: this was a wrong PIN (or the core had locked it already).
      await this.held(async () => {
        await pinLocks.failure(tenantId, subject.kind, subject.number, this.deps.settings.pinMaxAttempts);
        await pinLocks.coreLocked(tenantId, subject.kind, subject.number);
      });
      store({ ...result, locked: true });
      return lockedTarget();
    }
    store(result);
    const onCode = (node.on as Record<string, string | undefined>)[code];
    return this.target(onCode ?? node.on.business ?? '~refused', id);
  }

  /**
   * A wrong PIN while the database is away, or a later try on the same card: its count is not
   * known, so no further PIN goes to the core; the caller hears that the service is unavailable.
   */
  private pinHeld(id: string, node: NodeOf<'action'>, store: (value: unknown) => void): Next {
    this.secrets.clear();
    this.deps.logger.warn({ node: id, operation: node.operation }, 'PIN not checked: a wrong one was keyed for this card while the database is unreachable');
    store({ ok: false, error: 'PIN_HELD' });
    return this.target(node.on.error ?? '~unavailable', id);
  }

  /** The core could not be asked or did not answer. */
  private async coreFailed(
    id: string,
    node: NodeOf<'action'>,
    err: unknown,
    args: Record<string, unknown>,
    money: boolean,
    store: (value: unknown) => void,
  ): Promise<Next> {
    const gatewayTrouble = isGatewayError(err) || (err as { gatewayUnavailable?: boolean }).gatewayUnavailable === true;
    if (!gatewayTrouble) throw err;
    const code = isGatewayError(err) ? err.code : 'GATEWAY_UNAVAILABLE';
    this.deps.logger.warn({ node: id, operation: node.operation, code }, 'core system unavailable during a call');
    if (money && isGatewayError(err) && err.mayHaveReachedCore) {
      // The money may have moved: ask before saying anything (the key makes this exact).
      const key = String(args['idempotencyKey']);
      try {
        const status = await this.callCore('operationStatus', { session: args['session'], idempotencyKey: key });
        if (status.ok && status['found'] === true) {
          if (status['status'] === 'succeeded') {
            store({ ok: true, reference: status['reference'], amount: status['amount'], replayed: true });
            return this.target(node.next, id);
          }
          const failure = String(status['failureCode'] ?? 'INVALID_REQUEST');
          store({ ok: false, code: failure });
          const onCode = (node.on as Record<string, string | undefined>)[failure];
          return this.target(onCode ?? node.on.business ?? '~refused', id);
        }
        // Not found: nothing happened; the caller hears "unavailable" below.
      } catch {
        this.deps.logger.warn({ node: id, operation: node.operation, idempotencyKey: key }, 'outcome of a money operation unknown: check it with operationStatus');
      }
    }
    store({ ok: false, error: code });
    return this.target(node.on.error ?? '~unavailable', id);
  }
}
