/**
 * GatewayClient: CoreBanking over any CoreTransport, with the behaviour every adapter shares.
 *
 * - One time budget per operation (`timeouts`); retries spend the same budget, so a call never
 *   takes longer than its timeout, however the core misbehaves.
 * - Retries only where safe (see OperationKind): queries; verifications only when the request
 *   never left; updates and money movements never.
 * - A circuit breaker: while open, calls fail at once with GATEWAY_CIRCUIT_OPEN.
 * - One transaction-log entry and one set of metrics per call, with masked identifiers only.
 */
import { randomUUID } from 'node:crypto';
import { CircuitBreaker, type BreakerPermit, type CircuitBreakerOptions, type CircuitSnapshot, type CircuitState } from './circuit-breaker.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import {
  operations,
  type CoreBanking,
  type OperationKind,
  type OperationName,
  type RequestOf,
  type ResultOf,
  type WireRequestOf,
} from './core-banking.js';
import type { CoreTransport } from './core-transport.js';
import { GatewayError, type GatewayErrorCode } from './gateway-error.js';
import { amountOf, maskName, maskedKeysOf, type NameMaskStyle } from './masking.js';
import { noopGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { discardTransactionLog, type TransactionLogEntry, type TransactionLogSink, type TransactionOutcome } from './transaction-log.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts: number;
  /** Pause before retry n (1-based) is `delaysMs[n-1]` (the last entry repeats). Default [20, 60]. */
  delaysMs: number[];
}

export interface GatewayClientOptions {
  transport: CoreTransport;
  clock?: Clock;
  /** Time budget per call, retries included. Default 3000 ms. */
  defaultTimeoutMs?: number;
  /** Per-operation overrides of the time budget. */
  timeouts?: Partial<Record<OperationName, number>>;
  retry?: Partial<RetryPolicy>;
  /** Options for a breaker of our own, or a breaker to share. */
  breaker?: CircuitBreakerOptions | CircuitBreaker;
  transactionLog?: TransactionLogSink;
  metrics?: GatewayMetrics;
  /** How personal customers' names in `customerProfile` are masked. Default `keep-surname`. */
  nameMask?: NameMaskStyle;
}

const retryableCodes: ReadonlySet<GatewayErrorCode> = new Set([
  'GATEWAY_TIMEOUT',
  'GATEWAY_UNAVAILABLE',
  'GATEWAY_CONNECTION_LOST',
  'GATEWAY_CORE_ERROR',
  'GATEWAY_OVERLOADED',
]);

function mayRetry(kind: OperationKind, error: GatewayError): boolean {
  if (!retryableCodes.has(error.code)) return false;
  if (kind === 'query') return true;
  if (kind === 'auth') return !error.mayHaveReachedCore;
  return false;
}

const circuitStateValue: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

export class GatewayClient implements CoreBanking {
  readonly adapter: string;
  readonly breaker: CircuitBreaker;
  readonly #transport: CoreTransport;
  readonly #clock: Clock;
  readonly #defaultTimeoutMs: number;
  readonly #timeouts: Partial<Record<OperationName, number>>;
  readonly #retry: RetryPolicy;
  readonly #log: TransactionLogSink;
  readonly #metrics: GatewayMetrics;
  readonly #nameMask: NameMaskStyle;
  readonly #inFlight = new Set<Attempt<unknown>>();
  #closed = false;

  constructor(options: GatewayClientOptions) {
    this.#transport = options.transport;
    this.adapter = options.transport.adapter;
    this.#clock = options.clock ?? systemClock;
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 3000;
    this.#timeouts = options.timeouts ?? {};
    this.#retry = { maxAttempts: 3, delaysMs: [20, 60], ...options.retry };
    this.#log = options.transactionLog ?? discardTransactionLog;
    this.#metrics = options.metrics ?? noopGatewayMetrics;
    this.#nameMask = options.nameMask ?? 'keep-surname';
    this.breaker =
      options.breaker instanceof CircuitBreaker ? options.breaker : new CircuitBreaker(this.#clock, options.breaker);
    this.#metrics.setGauge('gateway_circuit_state', { adapter: this.adapter }, circuitStateValue[this.breaker.state]);
    this.breaker.onStateChange((state) => {
      this.#metrics.setGauge('gateway_circuit_state', { adapter: this.adapter }, circuitStateValue[state]);
      this.#metrics.increment('gateway_circuit_transitions_total', { adapter: this.adapter, to: state });
    });
  }

  verifyPassbook(req: RequestOf<'verifyPassbook'>) {
    return this.call('verifyPassbook', req);
  }
  verifyCard(req: RequestOf<'verifyCard'>) {
    return this.call('verifyCard', req);
  }
  verifySignedCustomer(req: RequestOf<'verifySignedCustomer'>) {
    return this.call('verifySignedCustomer', req);
  }
  verifyCorporate(req: RequestOf<'verifyCorporate'>) {
    return this.call('verifyCorporate', req);
  }
  balance(req: RequestOf<'balance'>) {
    return this.call('balance', req);
  }
  recentTransactions(req: RequestOf<'recentTransactions'>) {
    return this.call('recentTransactions', req);
  }
  transactionsFromDate(req: RequestOf<'transactionsFromDate'>) {
    return this.call('transactionsFromDate', req);
  }
  transactionsByAmount(req: RequestOf<'transactionsByAmount'>) {
    return this.call('transactionsByAmount', req);
  }
  faxStatement(req: RequestOf<'faxStatement'>) {
    return this.call('faxStatement', req);
  }
  changePassword(req: RequestOf<'changePassword'>) {
    return this.call('changePassword', req);
  }
  reportLoss(req: RequestOf<'reportLoss'>) {
    return this.call('reportLoss', req);
  }
  transfer(req: RequestOf<'transfer'>) {
    return this.call('transfer', req);
  }
  queryBill(req: RequestOf<'queryBill'>) {
    return this.call('queryBill', req);
  }
  payBill(req: RequestOf<'payBill'>) {
    return this.call('payBill', req);
  }
  mobilePrepay(req: RequestOf<'mobilePrepay'>) {
    return this.call('mobilePrepay', req);
  }
  operationStatus(req: RequestOf<'operationStatus'>) {
    return this.call('operationStatus', req);
  }
  interestRates(req: RequestOf<'interestRates'> = {}) {
    return this.call('interestRates', req);
  }
  exchangeRates(req: RequestOf<'exchangeRates'> = {}) {
    return this.call('exchangeRates', req);
  }
  customerProfile(req: RequestOf<'customerProfile'>) {
    return this.call('customerProfile', req);
  }

  /** Any operation by name (IVR flows are data and name their operations). */
  async call<K extends OperationName>(operation: K, request: RequestOf<K>): Promise<ResultOf<K>> {
    const id = randomUUID();
    const started = this.#clock.now();
    const spec = operations[operation];
    let attempts = 0;
    let outcome: TransactionOutcome = 'transport_error';
    let code = 'GATEWAY_PROTOCOL_ERROR';
    try {
      const parsed = spec.request.safeParse(request);
      if (!parsed.success) {
        outcome = 'invalid_request';
        code = 'GATEWAY_INVALID_REQUEST';
        const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(request)').join(', ');
        throw new GatewayError('GATEWAY_INVALID_REQUEST', `${operation}: invalid ${fields}`, {
          mayHaveReachedCore: false,
          operation,
        });
      }
      const wire = parsed.data as WireRequestOf<K>;
      const deadline = started + (this.#timeouts[operation] ?? this.#defaultTimeoutMs);
      let reached = false;
      let previous: GatewayError | undefined;
      for (;;) {
        attempts++;
        try {
          const result = await this.#attempt(operation, wire, deadline, id);
          outcome = result.ok ? 'ok' : 'business_error';
          code = result.ok ? 'OK' : result.code;
          return this.#present(operation, result);
        } catch (caught) {
          let error = asGatewayError(caught, operation);
          const circuitOpen = error.code === 'GATEWAY_CIRCUIT_OPEN';
          // A retry refused because the circuit opened meanwhile: the real cause is the failure before.
          if (circuitOpen && previous) error = previous;
          previous = error;
          reached ||= error.mayHaveReachedCore;
          code = error.code;
          const delay = this.#retry.delaysMs[Math.min(attempts - 1, this.#retry.delaysMs.length - 1)] ?? 0;
          const canRetry =
            !this.#closed &&
            !circuitOpen &&
            attempts < this.#retry.maxAttempts &&
            mayRetry(spec.kind, error) &&
            deadline - this.#clock.now() > delay;
          if (!canRetry) {
            throw reached === error.mayHaveReachedCore
              ? error
              : new GatewayError(error.code, error.message, { mayHaveReachedCore: reached, operation, cause: error });
          }
          this.#metrics.increment('gateway_retries_total', { operation, adapter: this.adapter, code: error.code });
          if (delay > 0) await this.#sleep(delay);
        }
      }
    } finally {
      this.#record(id, operation, request, started, attempts, outcome, code);
    }
  }

  /** For the back office's "core system health" view and for alarms. */
  health(): { adapter: string; closed: boolean; circuit: CircuitSnapshot; transport: Record<string, number> } {
    return {
      adapter: this.adapter,
      closed: this.#closed,
      circuit: this.breaker.snapshot(),
      transport: this.#transport.stats?.() ?? {},
    };
  }

  /** Closes the transport; calls in flight fail with GATEWAY_CLOSED. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const attempt of [...this.#inFlight]) attempt.closeNow();
    this.breaker.dispose();
    await this.#transport.close();
  }

  /** One attempt, bounded by the deadline and by the breaker. */
  #attempt<K extends OperationName>(operation: K, request: WireRequestOf<K>, deadline: number, id: string): Promise<ResultOf<K>> {
    if (this.#closed) {
      return Promise.reject(new GatewayError('GATEWAY_CLOSED', 'gateway closed', { mayHaveReachedCore: false, operation }));
    }
    const budget = deadline - this.#clock.now();
    if (budget <= 0) {
      return Promise.reject(
        new GatewayError('GATEWAY_TIMEOUT', `${operation}: no time left`, { mayHaveReachedCore: false, operation }),
      );
    }
    const permit = this.breaker.tryAcquire();
    if (!permit) {
      return Promise.reject(
        new GatewayError('GATEWAY_CIRCUIT_OPEN', `${operation}: core marked unavailable (circuit open)`, {
          mayHaveReachedCore: false,
          operation,
        }),
      );
    }
    const attempt = new Attempt<ResultOf<K>>(this.#inFlight, permit, operation, budget, this.#clock);
    this.#transport.send(operation, request, { signal: attempt.signal, timeoutMs: budget, requestId: id }).then(
      (result) => attempt.succeed(result),
      (caught: unknown) => attempt.fail(asGatewayError(caught, operation)),
    );
    return attempt.promise;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#clock.setTimer(ms, resolve));
  }

  #present<K extends OperationName>(operation: K, result: ResultOf<K>): ResultOf<K> {
    if (operation !== 'customerProfile' || !result.ok) return result;
    const profile = result as ResultOf<'customerProfile'> & { ok: true };
    if (profile.kind !== 'personal') return result;
    return { ...profile, name: maskName(profile.name, this.#nameMask) } as ResultOf<K>;
  }

  #record(
    id: string,
    operation: OperationName,
    request: unknown,
    started: number,
    attempts: number,
    outcome: TransactionOutcome,
    code: string,
  ): void {
    const latencyMs = Math.max(0, this.#clock.now() - started);
    const adapter = this.adapter;
    this.#metrics.increment('gateway_requests_total', { operation, adapter, outcome, code });
    this.#metrics.observe('gateway_request_duration_ms', { operation, adapter, outcome }, latencyMs);
    const entry: TransactionLogEntry = {
      id,
      at: new Date(started).toISOString(),
      operation,
      adapter,
      maskedKeys: maskedKeysOf(operation, request),
      latencyMs: Math.round(latencyMs * 1000) / 1000,
      outcome,
      code,
      attempts,
    };
    const amount = amountOf(request);
    if (amount !== undefined) entry.amount = amount;
    try {
      const written = this.#log.write(entry);
      if (written instanceof Promise) written.catch(this.#logFailed);
    } catch {
      this.#logFailed();
    }
  }

  readonly #logFailed = () => this.#metrics.increment('gateway_txlog_failures_total', { adapter: this.adapter });
}

/**
 * One attempt of a call: bounded by its time budget, abortable by close(), and reporting its
 * outcome to the breaker exactly once. The transport's late answer after a timeout is ignored.
 */
class Attempt<T> {
  readonly promise: Promise<T>;
  readonly #controller = new AbortController();
  readonly #owner: Set<Attempt<unknown>>;
  readonly #permit: BreakerPermit;
  readonly #operation: string;
  readonly #budget: number;
  readonly #timer: TimerHandle;
  #resolve!: (value: T) => void;
  #reject!: (error: GatewayError) => void;
  #done = false;

  constructor(owner: Set<Attempt<unknown>>, permit: BreakerPermit, operation: string, budget: number, clock: Clock) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#owner = owner;
    this.#permit = permit;
    this.#operation = operation;
    this.#budget = budget;
    owner.add(this as Attempt<unknown>);
    this.#timer = clock.setTimer(budget, () => this.#timeout());
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  succeed(value: T): void {
    if (this.#finish(false)) this.#resolve(value);
  }

  fail(error: GatewayError): void {
    // A closed gateway is not a sick core: it must not trip the breaker.
    if (this.#finish(error.code !== 'GATEWAY_CLOSED')) this.#reject(error);
  }

  /** The gateway is closing: give up at once. */
  closeNow(): void {
    if (!this.#finish(false)) return;
    this.#controller.abort();
    this.#reject(new GatewayError('GATEWAY_CLOSED', 'gateway closed', { mayHaveReachedCore: true, operation: this.#operation }));
  }

  #timeout(): void {
    if (!this.#finish(true)) return;
    this.#controller.abort();
    this.#reject(
      new GatewayError('GATEWAY_TIMEOUT', `${this.#operation}: no answer within ${Math.round(this.#budget)} ms`, {
        mayHaveReachedCore: true,
        operation: this.#operation,
      }),
    );
  }

  #finish(failed: boolean): boolean {
    if (this.#done) return false;
    this.#done = true;
    this.#timer.cancel();
    this.#owner.delete(this as Attempt<unknown>);
    if (failed) this.#permit.failure();
    else this.#permit.success();
    return true;
  }
}

function asGatewayError(caught: unknown, operation: string): GatewayError {
  if (caught instanceof GatewayError) {
    caught.operation ??= operation;
    return caught;
  }
  const message = caught instanceof Error ? caught.message : String(caught);
  return new GatewayError('GATEWAY_PROTOCOL_ERROR', `${operation}: ${message}`, {
    mayHaveReachedCore: true,
    operation,
    cause: caught,
  });
}
