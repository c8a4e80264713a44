/**
 * The telephony service: the card, its trunks and stations, and every call
 * on them, as the rest of the server sees it.
 *
 * Inbound calls: each SETUP on a trunk becomes a CallSession, gets its CDR
 * row written ahead (before anything else happens to the call), is matched
 * against the dial plan and handed to the handler for its target. When the
 * call ends the row is closed with a disposition and the Q.850 cause.
 * Everything notable goes to the live event bus.
 *
 * Shutdown: stop() refuses new calls (cause 42, switching equipment
 * congestion), lets calls in progress run on until the deadline, hangs up
 * what is left, and closes the card.
 */
import { Subject, Subscription, type Observable } from 'rxjs';
import type { Logger } from 'pino';
import { Cause, type Call, type Card, type Span } from '../../bindings/index.js';
import type { DialPlanEntry } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import type { RecordsService, Disposition } from '../records/service.js';
import { CallSession, type TimedSessionEvent } from './call-session.js';
import type { CardRoles } from './card-setup.js';
import { DialPlan } from './dial-plan.js';
import type { CallHandler } from './handlers.js';
import type { PromptLibrary } from '../voice/prompt-library.js';

export interface TelephonyDeps {
  card: Card;
  roles: CardRoles;
  dialPlan: DialPlan;
  prompts: PromptLibrary;
  records: RecordsService;
  bus: EventBus;
  logger: Logger;
  /** Tenant id for a tenant code (dial plan entries name tenants by code). */
  tenantIdOf(code: string): Promise<string | undefined>;
  defaultTenantId: string;
  ringTimeoutMs: number;
}

export interface ActiveCall {
  session: CallSession;
  legId: string;
  tenantId: string;
  entry: DialPlanEntry | undefined;
  direction: 'inbound' | 'outbound';
}

export interface OutboundOptions {
  number: string;
  calling?: string;
  tenantId: string;
  /** Ring this long before giving up (default telephony.ringTimeoutMs). */
  ringTimeoutMs?: number;
}

export class TelephonyService {
  /** Every new call session, inbound and outbound. */
  readonly sessions$: Observable<ActiveCall>;
  private readonly sessionsSubject = new Subject<ActiveCall>();
  private readonly active = new Map<string, ActiveCall>();
  private readonly byChannel = new Map<string, ActiveCall>();
  private readonly handlers = new Map<string, CallHandler>();
  private readonly subs = new Subscription();
  private draining = false;
  private nextTrunk = 0;
  private counters = { offered: 0, rejected: 0, answered: 0, completed: 0, outbound: 0 };

  constructor(private readonly deps: TelephonyDeps) {
    this.sessions$ = this.sessionsSubject.asObservable();
  }

  get card(): Card {
    return this.deps.card;
  }

  get roles(): CardRoles {
    return this.deps.roles;
  }

  get prompts(): PromptLibrary {
    return this.deps.prompts;
  }

  /** Trunk spans the back office closed to outbound calls (see trunk-settings.ts). */
  private outboundClosed: ReadonlySet<number> = new Set();

  /** Which spans outbound calls may not use, from now on. */
  closeToOutbound(spans: Iterable<number>): void {
    this.outboundClosed = new Set(spans);
  }

  /** The live dial plan (the back office replaces it; new calls follow). */
  get dialPlan(): DialPlan {
    return this.deps.dialPlan;
  }

  get trunks(): Span[] {
    return this.deps.roles.trunkSpans.map((i) => this.deps.card.span(i));
  }

  get stations(): Span[] {
    return this.deps.roles.stationSpans.map((i) => this.deps.card.span(i));
  }

  /** Registers what answers dial plan targets of this kind. */
  registerHandler(kind: string, handler: CallHandler): void {
    this.handlers.set(kind, handler);
  }

  activeCalls(): ActiveCall[] {
    return [...this.active.values()];
  }

  /** The call on a bank span's B-channel, if any. */
  callOn(span: number, channel: number): ActiveCall | undefined {
    return this.byChannel.get(`${span}/${channel}`);
  }

  stats(): typeof this.counters & { active: number } {
    return { ...this.counters, active: this.active.size };
  }

  /** Why the service is not ready, or null. */
  readiness(): string | null {
    const down = this.trunks.filter((s) => !s.dchannelUp).map((s) => s.index);
    if (this.draining) return 'shutting down';
    if (down.length === this.trunks.length) return `no trunk D-channel is up (spans ${down.join(', ')})`;
    return null;
  }

  start(): void {
    for (const span of this.trunks) {
      this.subs.add(span.calls$.subscribe((call) => void this.inbound(span, call)));
      this.subs.add(span.alarms$.subscribe((alarms) => this.publishSpan(span.index, 'span.alarm', String(alarms))));
      this.subs.add(span.dchannel$.subscribe((up) => this.publishSpan(span.index, 'span.state', up ? 'up' : 'down')));
      // What the signalling stack says about the far end (protocol errors, refused SETUPs) is for the operator.
      this.subs.add(span.notices$.subscribe((text) => this.deps.logger.warn({ span: span.index }, text)));
    }
    // The engine's own notices (a stall of its real-time clock, scheduling refused) are for the operator too.
    this.subs.add(
      this.deps.card.events$.subscribe((e) => {
        if (e.type === 'notice' && e.span === -1) this.deps.logger.warn({ card: true }, e.text);
      }),
    );
    // Station spans carry only the calls we place to agents' phones.
    for (const span of this.stations) {
      this.subs.add(span.calls$.subscribe((call) => void call.reject(Cause.CALL_REJECTED)));
    }
  }

  /** Refuses new calls; waits for calls in progress until the deadline; then hangs them up. */
  async drain(deadline: number): Promise<void> {
    this.draining = true;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all([...this.active.values()].map((a) => a.session.hangUp(Cause.NORMAL_CLEARING)));
    const until = Date.now() + 2000;
    while (this.active.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  async close(): Promise<void> {
    this.subs.unsubscribe();
    await this.deps.card.close();
    this.sessionsSubject.complete();
  }

  /**
   * Places an outbound call through the first trunk with a free channel and
   * waits for it to be answered (or to fail). Resolves with the session of an
   * answered call; rejects with an error carrying the Q.850 cause otherwise.
   */
  async dial(options: OutboundOptions): Promise<CallSession> {
    const up = this.trunks.filter((s) => s.dchannelUp);
    if (up.length === 0) throw Object.assign(new Error('no trunk is up'), { cause: Cause.NETWORK_OUT_OF_ORDER });
    const trunks = up.filter((s) => !this.outboundClosed.has(s.index));
    if (trunks.length === 0) throw Object.assign(new Error('no trunk that is up is open to outbound calls'), { cause: Cause.NO_CIRCUIT_AVAILABLE });
    let call: Call | undefined;
    // Every trunk once, the least busy first, starting from a rotating one among equals.
    const start = this.nextTrunk++;
    const order = trunks
      .map((span, i) => ({ span, load: span.activeCalls().length, turn: (i - start + trunks.length * 1000) % trunks.length }))
      .sort((a, b) => a.load - b.load || a.turn - b.turn);
    for (const { span } of order) {
      if (call) break;
      try {
        call = await span.dial({ called: options.number, ...(options.calling ? { calling: options.calling } : {}) });
      } catch (err) {
        if ((err as { code?: string }).code !== 'ERR_NO_CIRCUIT') throw err;
      }
    }
    if (!call) throw Object.assign(new Error('all trunks busy'), { cause: Cause.NO_CIRCUIT_AVAILABLE });
    this.counters.outbound++;
    const session = new CallSession(this.deps.card, call, { trunkSpan: call.span, tenantId: options.tenantId });
    const active = await this.track(session, options.tenantId, undefined, 'outbound');
    const ringMs = options.ringTimeoutMs ?? this.deps.ringTimeoutMs;
    const cancel = this.deps.card.clock.setTimeout(() => void call.hangUp(Cause.NO_ANSWER), ringMs);
    try {
      await call.connected();
    } catch {
      cancel();
      const cause = await call.released;
      throw Object.assign(new Error(`call to ${options.number} failed (cause ${cause})`), { cause, legId: active.legId });
    }
    cancel();
    this.deps.records.cdr.answered(active.legId, this.deps.card.clock.wallTime()).catch((err: unknown) => this.logError(err, 'cdr answered'));
    return session;
  }

  private async inbound(span: Span, call: Call): Promise<void> {
    this.counters.offered++;
    if (this.draining) {
      await call.reject(Cause.SWITCHING_EQUIPMENT_CONGESTION).catch(() => undefined);
      this.counters.rejected++;
      return;
    }
    const entry = this.deps.dialPlan.match(call.called);
    const tenantId = (entry && (await this.deps.tenantIdOf(entry.tenant))) ?? this.deps.defaultTenantId;
    const session = new CallSession(this.deps.card, call, { trunkSpan: span.index, tenantId });
    session.lang = entry?.lang ?? 'zh';
    let active: ActiveCall;
    try {
      active = await this.track(session, tenantId, entry, 'inbound');
    } catch (err) {
      this.logError(err, 'could not write the call record; refusing the call');
      await call.reject(Cause.TEMPORARY_FAILURE).catch(() => undefined);
      return;
    }
    const handler = entry ? this.handlers.get(entry.target.kind) : undefined;
    if (!entry || !handler) {
      this.counters.rejected++;
      await call.reject(entry ? Cause.CALL_REJECTED : Cause.UNALLOCATED_NUMBER).catch(() => undefined);
      return;
    }
    let transferredTo: string | undefined;
    try {
      await handler({
        session,
        entry,
        tenantId,
        legId: active.legId,
        prompts: this.deps.prompts,
        logger: this.deps.logger,
        markTransferred: (target) => {
          transferredTo = target;
          this.deps.records.cdr.transferred(active.legId, { target, at: this.deps.card.clock.wallTime() })
            .catch((err: unknown) => this.logError(err, 'cdr transferred'));
        },
      });
    } catch (err) {
      this.logError(err, 'call handler failed');
      // Never dead air: a polite goodbye, then hang up.
      if (!session.ended) {
        const goodbye = safePrompts(this.deps.prompts, ['service.unavailable', 'goodbye'], session.lang);
        await session.play(goodbye).catch(() => undefined);
      }
    } finally {
      if (!session.ended && !transferredTo) await session.hangUp();
    }
  }

  /** Writes the call's record ahead, publishes it, and follows it to its end. */
  private async track(session: CallSession, tenantId: string, entry: DialPlanEntry | undefined, direction: 'inbound' | 'outbound'): Promise<ActiveCall> {
    const call = session.call;
    const legId = await this.deps.records.cdr.offered({
      tenantId,
      callId: session.id,
      direction,
      span: call.span,
      channel: call.channel,
      calling: call.calling || null,
      called: call.called || null,
      at: this.deps.card.clock.wallTime(),
    });
    const active: ActiveCall = { session, legId, tenantId, entry, direction };
    const key = `${call.span}/${call.channel}`;
    this.active.set(session.id, active);
    this.byChannel.set(key, active);
    this.deps.records.trunkAccess.write({
      tenantId, span: call.span, channel: call.channel, direction, event: 'offered',
      calling: call.calling || null, called: call.called || null, legId, at: this.deps.card.clock.wallTime(),
    }).catch((err: unknown) => this.logError(err, 'trunk access log'));
    this.publishCall(active, 'call.offered');

    let answered = false;
    let transferred = false;
    const connectedSub = call.events$.subscribe((e) => {
      if (e.type === 'callConnected') answered = true;
    });
    const sub = session.events$.subscribe((e) => {
      this.publishSession(active, e);
      if (e.type === 'answered') {
        answered = true;
        this.counters.answered++;
        this.deps.records.cdr.answered(legId, this.deps.card.clock.wallTime()).catch((err: unknown) => this.logError(err, 'cdr answered'));
        this.publishCall(active, 'call.answered');
      }
      if (e.type === 'transfer') transferred = true;
    });
    this.sessionsSubject.next(active);

    void session.released.then(async ({ cause, by }) => {
      sub.unsubscribe();
      connectedSub.unsubscribe();
      this.active.delete(session.id);
      if (this.byChannel.get(key) === active) this.byChannel.delete(key);
      this.counters.completed++;
      const disposition: Disposition = transferred
        ? 'TRANSFERRED'
        : answered
          ? 'NORMAL'
          : direction === 'outbound'
            ? cause === Cause.USER_BUSY ? 'BUSY' : cause === Cause.NO_ANSWER || cause === Cause.NO_USER_RESPONSE ? 'NO_ANSWER' : 'FAILED'
            : by === 'caller' ? 'ABANDONED' : 'REJECTED';
      await this.deps.records.cdr.released(legId, { disposition, cause, at: this.deps.card.clock.wallTime() })
        .catch((err: unknown) => this.logError(err, 'cdr released'));
      this.deps.records.trunkAccess.write({
        tenantId, span: call.span, channel: call.channel, direction, event: 'released',
        calling: call.calling || null, called: call.called || null, cause, legId, at: this.deps.card.clock.wallTime(),
      }).catch((err: unknown) => this.logError(err, 'trunk access log'));
      this.publishCall(active, 'call.released', { disposition, cause });
    });
    return active;
  }

  private publishCall(active: ActiveCall, type: 'call.offered' | 'call.answered' | 'call.released', extra: { disposition?: string; cause?: number } = {}): void {
    const call = active.session.call;
    this.deps.bus.publish({
      type,
      tenantId: active.tenantId,
      at: this.deps.card.clock.wallTime().toISOString(),
      legId: active.legId,
      callId: active.session.id,
      calling: call.calling || null,
      called: call.called || null,
      span: call.span,
      channel: call.channel,
      ...(extra.disposition ? { disposition: extra.disposition } : {}),
      ...(extra.cause !== undefined ? { cause: extra.cause } : {}),
    });
  }

  private publishSession(active: ActiveCall, e: TimedSessionEvent): void {
    const { sessionId, at: _at, time, ...event } = e;
    this.deps.bus.publish({
      type: 'session.event',
      tenantId: active.tenantId,
      at: time,
      sessionId,
      legId: active.legId,
      span: active.session.call.span,
      channel: active.session.call.channel,
      event,
    });
  }

  private publishSpan(span: number, type: 'span.alarm' | 'span.state', state: string): void {
    this.deps.bus.publish({ type, tenantId: this.deps.defaultTenantId, at: this.deps.card.clock.wallTime().toISOString(), span, state });
  }

  private logError(err: unknown, what: string): void {
    this.deps.logger.error({ err }, what);
  }
}

function safePrompts(prompts: PromptLibrary, ids: string[], lang: 'zh' | 'en') {
  try {
    return prompts.prompts(ids, lang);
  } catch {
    return [];
  }
}
