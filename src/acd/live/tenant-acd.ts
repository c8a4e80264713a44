/**
 * One tenant's ACD on live calls: the decision core (QueueService) with this tenant's
 * configuration, and the AcdPort that turns its commands into audio on the card.
 *
 *   customer call ──enqueue──▶ QueueService ──offerCallToAgent──▶ ring the agent's phone
 *   phone answers ──agentAnswered──▶ bridge customer and agent (the call's conference)
 *   either hangs up ──callerHungUp / agentHungUp──▶ wrap-up, records, outcome to the caller
 *
 * Facts flow one way: telephony events (phone answered, released; customer gone; keys) are
 * told to the core, the core decides and sends commands back through the port. The core's
 * times are wall-clock milliseconds on the engine's clock (so timers run faster than real time
 * on a free-running virtual card, and calendars see the right local time).
 *
 * Every agent state change goes to the ACD's own state log (acd_agent_events, metrics), the
 * persisted state (restart recovery), the agent service log of the records service (the
 * events it knows), the live bus (agent.state) and the agent's desk stream.
 */
import { asyncScheduler, Subject, type SchedulerLike, type Subscription } from 'rxjs';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Cause, type Card } from '../../../bindings/index.js';
import type { EventBus } from '../../events/bus.js';
import type { CallEvent, CallEventType } from '../../events/types.js';
import { readDuration, readNumber } from '../../voice/readings/index.js';
import type { RecordsService } from '../../records/service.js';
import type { CallRecorder } from '../recording/call-recorder.js';
import { shouldRecord } from '../recording/recording-policy.js';
import type { CallSession, PromptRef } from '../../telephony/call-session.js';
import type { CallContext } from '../../telephony/handlers.js';
import type { PromptLibrary } from '../../voice/prompt-library.js';
import type { QueueOutcome, QueueRequest } from '../../telephony/ports.js';
import type { TelephonyService } from '../../telephony/telephony-service.js';
import type { AgentServiceLogEntry, AllBusyWaitEntry, CallerAnnouncement, CancelReason, OfferDetails, AcdPort } from '../ports.js';
import { Calendar, type LocalTime, type WorkCalendar } from '../../calendar/work-calendar.js';
import { AcdError, isAcdError } from '../errors.js';
import { QueueSelector } from '../queue-selector.js';
import { QueueService, type CallbackAttempt, type RestartPolicy } from '../queue-service.js';
import type { CallerEntryInput } from '../model.js';
import { acdActivityRepo, type ActivityWriter } from '../store/activity-repo.js';
import type { AgentRecord, CalendarRecord, EntryPointRecord, QueueRecord } from '../store/schemas.js';
import { CallerMedia } from './caller-media.js';
import type { DeskEvent } from './desk-events.js';
import { LiveAcdError } from './errors.js';
import { LiveCall, partyChannel, type Party } from './live-call.js';
import type { PhoneControl, PhoneLeg, StationLines } from './phones.js';
import { buildScreenPop, type ProfileSource } from './screen-pop.js';
import { runSurvey } from './survey.js';

export interface TenantAcdDeps {
  tenantId: string;
  /** Absent on a server without a card: configuration and reports work, calls do not. */
  telephony: TelephonyService | undefined;
  stations: StationLines;
  phoneControl: PhoneControl | undefined;
  records: RecordsService;
  bus: EventBus;
  logger: Logger;
  db: Knex;
  activity: ActivityWriter;
  recorder: CallRecorder;
  prompts: PromptLibrary;
  /** Music class → tone cadence. */
  music: (musicClass: string) => string;
  profiles: () => ProfileSource | undefined;
  restartPolicy: RestartPolicy;
  notHungUpAfterS?: number;
  /** Phones ring this long for desk calls and consultations (ms, engine time). */
  deskRingTimeoutMs: number;
}

/** How long a new offer waits for the agent's phone to finish releasing its last call. */
const PHONE_RELEASE_WAIT_MS = 5000;

/** The engine's clock, read as wall-clock milliseconds. */
export function wallScheduler(card: Card): SchedulerLike {
  const clock = card.clock;
  return {
    now: () => clock.wallTime().getTime(),
    schedule: ((work: never, delay?: number, state?: unknown) => clock.schedule(work, delay, state)) as SchedulerLike['schedule'],
  };
}

/** A calendar the back office can replace while the core keeps its reference. */
class SwitchableCalendar implements WorkCalendar {
  current = new Calendar();
  get timeZone(): string {
    return this.current.timeZone;
  }
  localTime(at: number): LocalTime {
    return this.current.localTime(at);
  }
  isHoliday(date: string): boolean {
    return this.current.isHoliday(date);
  }
  isWorkingDay(date: string): boolean {
    return this.current.isWorkingDay(date);
  }
}

/** The records service's agent service log knows these events (AGENT_EVENTS). */
function serviceLogEvents(entry: AgentServiceLogEntry): Array<'sign_in' | 'sign_out' | 'pause' | 'resume' | 'lock' | 'unlock' | 'not_hung_up' | 'ring_no_answer' | 'call_start' | 'call_end'> {
  switch (entry.action) {
    case 'sign_in':
    case 'sign_out':
    case 'resume':
    case 'unlock':
    case 'not_hung_up':
      return [entry.action];
    case 'pause':
      return ['pause'];
    case 'ring_timeout':
      return entry.to === 'locked' ? ['ring_no_answer', 'lock'] : ['ring_no_answer'];
    case 'answer':
      return ['call_start'];
    case 'call_ended':
    case 'callback_failed':
      return entry.to === 'paused' ? ['call_end', 'pause'] : ['call_end'];
    case 'restart_recovery':
    case 'disengage':
      return entry.to === 'paused' ? ['pause'] : [];
    default:
      // offer, reject, offer_cancelled, wrap_up_end, engage: in the ACD state log only.
      return [];
  }
}

/** Why a callback dial failed, from the Q.850 cause the network gave (absent: no trunk, no number). */
function callbackFailure(err: unknown): 'busy' | 'no_answer' | 'failed' {
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  if (cause === Cause.USER_BUSY) return 'busy';
  if (cause === Cause.NO_ANSWER || cause === Cause.NO_USER_RESPONSE) return 'no_answer';
  return 'failed';
}

/** The all-busy log's outcomes (ALL_BUSY_OUTCOMES). */
function allBusyOutcome(outcome: AllBusyWaitEntry['outcome']): 'answered' | 'abandoned' | 'overflow' | 'voicemail' | 'callback' | 'ivr' {
  switch (outcome) {
    case 'answered':
    case 'abandoned':
    case 'voicemail':
    case 'ivr':
      return outcome;
    case 'overflowed':
      return 'overflow';
    case 'callback_requested':
      return 'callback';
  }
}

export class TenantAcd implements AcdPort {
  readonly queues: QueueService;
  readonly calls = new Map<string, LiveCall>();
  readonly desk$ = new Subject<DeskEvent>();
  readonly tenantId: string;
  private readonly calendar = new SwitchableCalendar();
  private calendarRecord: CalendarRecord | undefined;
  private readonly queueRecords = new Map<string, QueueRecord>();
  private readonly agentRecords = new Map<string, AgentRecord>();
  private readonly entryPoints = new Map<string, { record: EntryPointRecord; selector: QueueSelector }>();
  private readonly summaries = new Map<string, string>();
  private readonly subscription: Subscription;
  /** Callback numbers of offers, by call. */
  private readonly callbackNumbers = new Map<string, string>();
  /** Callbacks whose customer is being dialled: the agent hanging up meanwhile fails the attempt. */
  private readonly diallingCallbacks = new Set<string>();

  constructor(readonly deps: TenantAcdDeps) {
    this.tenantId = deps.tenantId;
    this.queues = new QueueService({
      scheduler: deps.telephony ? wallScheduler(deps.telephony.card) : asyncScheduler,
      port: this,
      calendar: this.calendar,
      agentLog: { write: (entry) => this.onAgentEntry(entry) },
      waitLog: { write: (entry) => this.onWaitEntry(entry) },
      callRecords: { write: (record) => deps.activity.visit(this.tenantId, record) },
      ...(deps.notHungUpAfterS === undefined ? {} : { notHungUpAfterS: deps.notHungUpAfterS }),
    });
    this.subscription = this.queues.events$.subscribe((event) => {
      if (event.type === 'caller') this.publishSummary(event.queueId);
      if (event.type === 'port_error') this.deps.logger.error({ err: event.error }, 'ACD port command failed');
    });
  }

  /** The telephony layer; acd_no_telephony on a server without a card. */
  get telephony(): TelephonyService {
    const telephony = this.deps.telephony;
    if (!telephony) throw new LiveAcdError('acd_no_telephony', 'this server has no card: the ACD takes no calls');
    return telephony;
  }

  get card(): Card {
    return this.telephony.card;
  }

  /** Wall-clock ms on the engine's clock (the system clock without a card). */
  now(): number {
    return this.deps.telephony ? this.deps.telephony.card.clock.wallTime().getTime() : Date.now();
  }

  dispose(): void {
    this.subscription.unsubscribe();
    this.queues.dispose();
    this.desk$.complete();
  }

  // ─── configuration ────────────────────────────────────────────────────────────────────────

  /** Loads the tenant's configuration and recovers the agents' states after a restart. */
  async load(db: Knex, config: { queues: QueueRecord[]; agents: AgentRecord[]; entryPoints: EntryPointRecord[]; calendar: CalendarRecord }): Promise<void> {
    this.applyCalendar(config.calendar);
    for (const q of config.queues) this.applyQueue(q);
    for (const a of config.agents) this.applyAgent(a, { checkQueues: false });
    for (const e of config.entryPoints) this.applyEntryPoint(e);
    const rows = (await acdActivityRepo.agentStates(db, this.tenantId)).filter((r) => this.agentRecords.has(r.id) && r.state !== 'signed_out');
    const recovered = this.queues.recoverAgents(rows, this.deps.restartPolicy);
    for (const view of recovered) {
      this.persistAgent(view.id);
      this.publishAgentState(view.id, view.state, view.pauseReason);
    }
  }

  queueRecord(id: string): QueueRecord {
    const record = this.queueRecords.get(id);
    if (!record) throw new AcdError('acd_unknown_queue', `Unknown queue ${id}`, { queueId: id });
    return record;
  }

  listQueueRecords(): QueueRecord[] {
    return [...this.queueRecords.values()];
  }

  agentRecord(id: string): AgentRecord {
    const record = this.agentRecords.get(id);
    if (!record) throw new AcdError('acd_unknown_agent', `Unknown agent ${id}`, { agentId: id });
    return record;
  }

  hasAgent(id: string): boolean {
    return this.agentRecords.has(id);
  }

  listAgentRecords(): AgentRecord[] {
    return [...this.agentRecords.values()];
  }

  entryPoint(id: string): EntryPointRecord {
    const entry = this.entryPoints.get(id);
    if (!entry) throw new AcdError('acd_unknown_queue', `Unknown entry point ${id}`, { entryPointId: id });
    return entry.record;
  }

  listEntryPoints(): EntryPointRecord[] {
    return [...this.entryPoints.values()].map((e) => e.record);
  }

  calendarOf(): CalendarRecord | undefined {
    return this.calendarRecord;
  }

  /** Throws (changing nothing) if the queue could not be applied. */
  checkQueue(record: QueueRecord): void {
    if (this.entryPoints.has(record.id)) throw new AcdError('acd_invalid_config', `${record.id} is already an entry point`);
    const target = record.overflow.targetQueueId;
    if (target !== undefined && target !== record.id && !this.queueRecords.has(target)) {
      throw new AcdError('acd_invalid_config', `Overflow target ${target} is not a queue`, { queueId: target });
    }
  }

  applyQueue(record: QueueRecord): void {
    const { settings: _settings, ...config } = record;
    this.queues.upsertQueue(config);
    this.queueRecords.set(record.id, record);
    this.publishSummary(record.id);
  }

  /** Refuses (changing nothing) while calls are in the queue or something routes to it. */
  checkQueueRemovable(id: string): void {
    this.queueRecord(id);
    const view = this.queues.queue(id);
    const live = [...this.calls.values()].some((c) => c.queueId === id && !c.settled);
    if (view.waiting + view.callbacks > 0 || live || this.queues.listAgents().some((a) => a.queueId === id && a.state !== 'signed_out')) {
      throw new AcdError('acd_queue_in_use', `Queue ${id} still has calls`, { queueId: id });
    }
    for (const { record } of this.entryPoints.values()) {
      if (record.defaultQueueId === id || record.rules.some((r) => r.queueId === id)) {
        throw new AcdError('acd_queue_in_use', `Entry point ${record.id} routes to queue ${id}`, { queueId: id });
      }
    }
    for (const q of this.queueRecords.values()) {
      if (q.id !== id && q.overflow.targetQueueId === id) throw new AcdError('acd_queue_in_use', `Queue ${q.id} overflows to ${id}`, { queueId: id });
    }
  }

  removeQueue(id: string): void {
    this.checkQueueRemovable(id);
    for (const agent of this.agentRecords.values()) {
      if (agent.queues.some((m) => m.queueId === id)) {
        this.queues.removeMembership(agent.id, id);
        this.agentRecords.set(agent.id, { ...agent, queues: agent.queues.filter((m) => m.queueId !== id) });
      }
    }
    this.queues.removeQueue(id);
    this.queueRecords.delete(id);
    this.summaries.delete(id);
  }

  checkAgent(record: AgentRecord): void {
    for (const m of record.queues) {
      if (!this.queueRecords.has(m.queueId)) throw new AcdError('acd_invalid_config', `Queue ${m.queueId} does not exist`, { queueId: m.queueId });
    }
  }

  applyAgent(record: AgentRecord, options: { checkQueues?: boolean } = {}): void {
    if (options.checkQueues !== false) this.checkAgent(record);
    const { phone: _phone, recording: _recording, ...profile } = record;
    this.queues.upsertAgent(profile);
    this.agentRecords.set(record.id, record);
  }

  checkAgentRemovable(id: string): void {
    this.agentRecord(id);
    const state = this.queues.agent(id).state;
    if (state !== 'signed_out') throw new AcdError('acd_illegal_state', `Agent ${id} must sign out before removal`, { agentId: id, state });
  }

  removeAgent(id: string): void {
    this.checkAgentRemovable(id);
    this.queues.removeAgent(id);
    this.agentRecords.delete(id);
  }

  /** Builds the selector (validating the rules) without applying it. */
  checkEntryPoint(record: EntryPointRecord): QueueSelector {
    if (this.queueRecords.has(record.id)) throw new AcdError('acd_invalid_config', `${record.id} is already a queue`);
    const selector = new QueueSelector({ defaultQueueId: record.defaultQueueId, rules: record.rules }, this.calendar);
    for (const queueId of selector.queueIds()) {
      if (!this.queueRecords.has(queueId)) throw new AcdError('acd_invalid_config', `Queue ${queueId} does not exist`, { queueId });
    }
    return selector;
  }

  applyEntryPoint(record: EntryPointRecord): void {
    this.entryPoints.set(record.id, { record, selector: this.checkEntryPoint(record) });
  }

  removeEntryPoint(id: string): void {
    this.entryPoint(id);
    this.entryPoints.delete(id);
  }

  applyCalendar(record: CalendarRecord): void {
    this.calendar.current = new Calendar({
      timeZone: record.timeZone,
      weekend: record.weekend,
      holidays: record.holidays.map((d) => d.date),
      workingWeekendDays: record.workingDays.map((d) => d.date),
    });
    this.calendarRecord = record;
  }

  /** The queue a call goes to: a queue named directly, or an entry point's rules. */
  resolveQueue(name: string, calling: string, called: string): { queueId: string; priority: number | undefined; ruleId: string | undefined } | undefined {
    const entry = this.entryPoints.get(name);
    if (entry) {
      const choice = entry.selector.select({ callingNumber: calling, calledNumber: called, at: this.now() });
      return { queueId: choice.queueId, priority: choice.priority, ruleId: choice.ruleId };
    }
    return this.queueRecords.has(name) ? { queueId: name, priority: undefined, ruleId: undefined } : undefined;
  }

  // ─── the QueuePort: a caller enters the ACD ───────────────────────────────────────────────

  async enqueue(ctx: CallContext, request: QueueRequest): Promise<QueueOutcome> {
    const session = ctx.session;
    const selection = this.resolveQueue(request.queue, session.calling, session.called);
    if (!selection || !this.queueRecords.has(selection.queueId)) return { kind: 'unavailable', reason: `no queue or entry point "${request.queue}"` };
    const earlier = this.calls.get(session.id);
    if (earlier?.callbackPending && !earlier.owner) {
      // Back from the IVR while a callback waits: they are here now, the callback is not needed.
      try {
        this.queues.cancelCallback(session.id);
      } catch {
        // already being served or gone
      }
      this.calls.delete(session.id);
    } else if (earlier) {
      return { kind: 'unavailable', reason: 'the call is already in a queue' };
    }
    if (session.ended) return { kind: 'abandoned' };
    await session.answer();
    const live = new LiveCall(this.card, session.id, session, ctx, ctx.legId, selection.queueId, request.data);
    live.media = new CallerMedia(session, this.deps.music);
    const entry: CallerEntryInput = {
      callId: session.id,
      queueId: selection.queueId,
      priority: Math.max(request.priority ?? 0, selection.priority ?? 0),
      callingNumber: session.calling.slice(0, 32),
      calledNumber: session.called.slice(0, 32),
      callerCity: (request.callerCity ?? '').slice(0, 64),
      requiredSkills: Object.entries(request.skills ?? {}).map(([skill, minLevel]) => ({ skill, minLevel })),
      ivrData: request.data,
      enteredAt: this.now(),
    };
    live.entry = entry;
    this.calls.set(live.callId, live);
    this.cdrStage(() => this.deps.records.cdr.queued(ctx.legId, { queue: selection.queueId, at: this.now() }));
    this.publishCall('call.queued', live);
    const keys = session.channel.digits$.subscribe((key) => this.callerKey(live, key));
    this.background(session.released.then(() => this.customerLeft(live, session)), 'customer release');
    try {
      this.queues.callerEntered(entry);
    } catch (err) {
      keys.unsubscribe();
      this.calls.delete(live.callId);
      live.media.stop();
      return { kind: 'unavailable', reason: (err as Error).message };
    }
    const outcome = await live.outcome;
    keys.unsubscribe();
    session.flushDigits();
    return outcome;
  }

  /** A key pressed while waiting: callback, voicemail or back to the menu (per queue). */
  private callerKey(live: LiveCall, key: string): void {
    if (live.settled || live.owner || live.customerGone || this.calls.get(live.callId) !== live) return;
    let status: string;
    try {
      status = this.queues.caller(live.callId).status;
    } catch {
      return;
    }
    if (status !== 'waiting') return;
    const keys = this.queueRecords.get(live.queueId)?.settings.keys;
    if (!keys) return;
    try {
      if (key === keys.callback && /^\+?\d{3,20}$/.test(live.calling)) {
        this.queues.requestCallback(live.callId, live.calling);
      } else if (key === keys.voicemail || key === keys.ivr) {
        const to = key === keys.voicemail ? 'voicemail' : 'ivr';
        this.queues.callerLeft(live.callId, to);
        live.media?.stop();
        this.calls.delete(live.callId);
        live.settle({ kind: to, reason: 'caller_choice' });
      }
    } catch (err) {
      if (!isAcdError(err)) throw err;
    }
  }

  /** The customer's line went away (hung up, or released by us). */
  private customerLeft(live: LiveCall, session: CallSession): void {
    if (live.customer !== session) return;
    if (live.callbackPending && !live.owner) {
      // The place in line stays; the call is made when an agent is free.
      live.customerGone = true;
      live.customer = undefined;
      return;
    }
    if (this.calls.get(live.callId) !== live) return;
    live.customerGone = true;
    live.media?.stop();
    try {
      this.queues.callerHungUp(live.callId);
    } catch (err) {
      if (!isAcdError(err)) throw err;
    }
    void this.deps.recorder.stop(live.recordingId);
    for (const slot of live.offers.values()) void slot.leg?.hangUp();
    for (const party of live.parties.values()) this.hangUpParty(party);
    if (live.owner) {
      // Its release tells the core the agent's phone is back on hook.
      void live.owner.leg.hangUp();
    } else {
      this.finish(live);
    }
  }

  /** The call is over for the ACD: the outcome to the enqueue caller, the conference freed. */
  finish(live: LiveCall, outcome?: QueueOutcome): void {
    if (this.calls.get(live.callId) === live) this.calls.delete(live.callId);
    this.callbackNumbers.delete(live.callId);
    live.media?.stop();
    void live.dissolve();
    live.settle(outcome ?? (live.lastAgentId !== undefined ? { kind: 'connected', agentId: live.lastAgentId } : { kind: 'abandoned' }));
  }

  // ─── AcdPort ──────────────────────────────────────────────────────────────────────────────

  offerCallToAgent(callId: string, agentId: string, offer: OfferDetails): void {
    const live = this.calls.get(callId);
    const agent = this.agentRecords.get(agentId);
    if (!live || !agent) {
      // Nothing to ring (a call that left while the command was queued): decline at once.
      setImmediate(() => this.tell(() => this.queues.agentRejected(callId, agentId)));
      return;
    }
    if (offer.callbackNumber !== undefined) this.callbackNumbers.set(callId, offer.callbackNumber);
    this.deskOffer(live, agentId, offer);
    if (offer.kind === 'transfer') {
      const party = live.parties.get(`agent:${agentId}`);
      if (party?.connected && party.leg) {
        // The consulted agent is already on the line: they take the call now.
        live.parties.delete(party.key);
        this.queues.agentAnswered(callId, agentId);
        this.background(this.connectOwner(live, agentId, party.leg, 'transfer'), 'hand-over');
        return;
      }
    }
    live.offers.set(agentId, { leg: undefined, kind: offer.kind });
    this.background(this.ringAgent(live, agent, offer), 'ringing an agent');
  }

  cancelOffer(callId: string, agentId: string, reason: CancelReason): void {
    const live = this.calls.get(callId);
    const slot = live?.offers.get(agentId);
    if (!live || !slot) return;
    live.offers.delete(agentId);
    void slot.leg?.hangUp();
    this.emitDesk(agentId, 'offer_cancelled', { callId, reason });
  }

  playToCaller(callId: string, what: CallerAnnouncement): void {
    const live = this.calls.get(callId);
    if (!live || !live.customer || live.customerGone || live.settled) return;
    const media = live.media;
    if (!media) return;
    switch (what.kind) {
      case 'hold_music':
        media.startMusic(what.musicClass);
        return;
      case 'queue_status':
        void media.announce(this.statusPrompts(what, live.lang));
        return;
      case 'callback_confirmed': {
        live.callbackPending = true;
        media.stop();
        const session = live.customer;
        void session
          .play(this.promptsOrNone(['queue.thanks'], live.lang))
          .catch(() => undefined)
          .then(() => live.settle({ kind: 'ivr', reason: 'callback_requested' }));
        return;
      }
    }
  }

  sendToVoicemail(callId: string, queueId: string): void {
    this.handBack(callId, { kind: 'voicemail', reason: `max_wait:${queueId}` });
  }

  returnToIvr(callId: string, queueId: string): void {
    this.handBack(callId, { kind: 'ivr', reason: `max_wait:${queueId}` });
  }

  callerMoved(callId: string, _from: string, to: string): void {
    const live = this.calls.get(callId);
    if (!live) return;
    live.queueId = to;
    const legId = live.legId;
    if (legId) this.cdrStage(() => this.deps.records.cdr.queued(legId, { queue: to, at: this.now() }));
    this.publishCall('call.queued', live);
  }

  private handBack(callId: string, outcome: QueueOutcome): void {
    const live = this.calls.get(callId);
    if (!live) return;
    for (const slot of live.offers.values()) void slot.leg?.hangUp();
    this.finish(live, outcome);
  }

  // ─── agents' phones ───────────────────────────────────────────────────────────────────────

  private async ringAgent(live: LiveCall, agent: AgentRecord, offer: OfferDetails): Promise<void> {
    const agentId = agent.id;
    // Without wrap-up the agent is free as soon as the customer hangs up, while we are still
    // hanging up their phone: ring it once that call is released, or the phone answers busy.
    const previous = this.ownerLegOf(agentId, live);
    if (previous) await Promise.race([previous.released, this.card.clock.sleep(PHONE_RELEASE_WAIT_MS).catch(() => undefined)]);
    let leg: PhoneLeg;
    try {
      leg = await this.deps.stations.ring(agent.phone, agent.extension, offer.callingNumber || live.calling);
    } catch (err) {
      this.deps.logger.warn({ err, agentId }, 'could not ring the agent\'s phone');
      if (live.offers.has(agentId)) {
        live.offers.delete(agentId);
        this.phoneFailed(live, agentId, offer.kind);
      }
      return;
    }
    const slot = live.offers.get(agentId);
    if (!slot) {
      // Withdrawn while dialling.
      void leg.hangUp();
      return;
    }
    slot.leg = leg;
    const answered = await leg.answered;
    if (live.offers.get(agentId)?.leg !== leg) {
      if (answered) void leg.hangUp();
      return;
    }
    live.offers.delete(agentId);
    if (!answered) {
      this.phoneFailed(live, agentId, offer.kind);
      return;
    }
    if (offer.kind !== 'pickup') {
      try {
        this.queues.agentAnswered(live.callId, agentId);
      } catch (err) {
        // The offer ended in the core meanwhile (timeout, caller gone): the phone is too late.
        if (!isAcdError(err)) this.deps.logger.error({ err }, 'agent answer');
        void leg.hangUp();
        return;
      }
    }
    await this.connectOwner(live, agentId, leg, offer.kind);
  }

  /** The phone refused, was busy or unreachable. */
  private phoneFailed(live: LiveCall, agentId: string, kind: string): void {
    if (kind === 'pickup') {
      // The core gave the call to the picking agent already: back to the queue with its place.
      this.tell(() => this.queues.transferToQueue(agentId, live.callId, live.queueId));
      return;
    }
    this.tell(() => this.queues.agentRejected(live.callId, agentId));
  }

  /** The agent has the call: bridge, CDR stage, events, recording. */
  async connectOwner(live: LiveCall, agentId: string, leg: PhoneLeg, kind: string): Promise<void> {
    live.owner = { agentId, leg };
    live.lastAgentId = agentId;
    live.ownerLeaving = false;
    this.background(leg.released.then(() => this.ownerReleased(live, agentId, leg)), 'agent release');
    // A callback picked up at another seat is still a callback: the customer is dialled.
    if (kind === 'callback' || (kind === 'pickup' && live.callbackPending && live.customerGone)) {
      await this.callBack(live, agentId, leg);
      return;
    }
    const customer = live.customer;
    if (!customer || live.customerGone) {
      void leg.hangUp();
      return;
    }
    live.media?.stop();
    live.held = false;
    try {
      // Both queued at once: a desk action arriving meanwhile (hold) applies after the bridge.
      await Promise.all([live.join(leg.channel), live.join(customer.channel)]);
    } catch (err) {
      this.deps.logger.error({ err, callId: live.callId }, 'could not bridge the customer and the agent');
    }
    this.connected(live, agentId);
  }

  /** Bookkeeping once a customer and an agent are talking. */
  private connected(live: LiveCall, agentId: string): void {
    const legId = live.legId;
    if (legId) this.cdrStage(() => this.deps.records.cdr.connected(legId, { agentId, at: this.now() }));
    this.publishCall('call.connected', live, agentId);
    this.emitDesk(agentId, 'connected', { callId: live.callId, callingNumber: live.calling, queueId: live.queueId });
    this.background(this.startRecording(live, agentId), 'recording');
  }

  private async startRecording(live: LiveCall, agentId: string): Promise<void> {
    const agent = this.agentRecords.get(agentId);
    const customer = live.customer;
    if (!agent || !customer) return;
    if (!shouldRecord(agent.recording, this.queueRecords.get(live.queueId)?.settings.recording)) return;
    await this.deps.recorder.stop(live.recordingId);
    const id = await this.deps.recorder.start(customer, {
      tenantId: this.tenantId,
      callId: live.callId,
      legId: live.legId ?? null,
      agentId,
      queueId: live.queueId,
      team: agent.team,
      calling: customer.calling || null,
      called: customer.called || null,
      at: this.now(),
    });
    if (live.owner?.agentId === agentId && !live.customerGone) live.recordingId = id;
    else void this.deps.recorder.stop(id);
  }

  /** A callback's turn: the agent answered; now call the customer and join them. */
  private async callBack(live: LiveCall, agentId: string, leg: PhoneLeg): Promise<void> {
    const number = this.callbackNumbers.get(live.callId);
    void leg.channel.playTone('ringback').catch(() => undefined);
    let session: CallSession | undefined;
    let reason: string = 'agent_hung_up';
    this.diallingCallbacks.add(live.callId);
    try {
      if (number === undefined) throw new Error('no callback number');
      session = await this.telephony.dial({ number, tenantId: this.tenantId, ringTimeoutMs: this.deps.deskRingTimeoutMs });
    } catch (err) {
      reason = callbackFailure(err);
      this.deps.logger.info({ err, callId: live.callId }, 'callback not answered');
    } finally {
      this.diallingCallbacks.delete(live.callId);
    }
    void leg.channel.stopTone().catch(() => undefined);
    if (!session || leg.ended || live.owner?.leg !== leg) {
      this.callbackNotAnswered(live, agentId, leg, number, reason);
      void session?.hangUp();
      return;
    }
    live.callbackPending = false;
    live.customerGone = false;
    live.customer = session;
    live.legId = this.telephony.activeCalls().find((a) => a.session === session)?.legId;
    live.media = new CallerMedia(session, this.deps.music);
    const customer = session;
    this.background(customer.released.then(() => this.customerLeft(live, customer)), 'customer release');
    await Promise.all([live.join(leg.channel), live.join(customer.channel)]).catch((err: unknown) => this.deps.logger.error({ err }, 'could not bridge the callback'));
    this.connected(live, agentId);
  }

  /**
   * Nobody answered the callback (or the agent hung up first): the agent's phone is released and
   * the core frees the agent and either schedules the next attempt (the call stays here, pending)
   * or ends the callback after the last one. The desk is told which.
   */
  private callbackNotAnswered(live: LiveCall, agentId: string, leg: PhoneLeg, number: string | undefined, reason: string): void {
    if (live.owner?.leg === leg) {
      // Our hang-up below is not the agent's: ownerReleased must not end the call.
      live.owner = undefined;
      this.emitDesk(agentId, 'call_ended', { callId: live.callId });
    }
    void leg.hangUp();
    let attempt: CallbackAttempt | undefined;
    this.tell(() => {
      attempt = this.queues.callbackFailed(live.callId, agentId, reason);
    });
    this.emitDesk(agentId, 'callback_failed', {
      callId: live.callId,
      number: number ?? null,
      reason,
      attempt: attempt?.attempt ?? null,
      attempts: attempt?.attempts ?? null,
      final: attempt?.retryAt === undefined,
    });
    if (attempt?.retryAt !== undefined) {
      this.emitDesk(agentId, 'callback_retry_scheduled', {
        callId: live.callId,
        number: number ?? null,
        attempt: attempt.attempt + 1,
        attempts: attempt.attempts,
        retryAt: new Date(attempt.retryAt).toISOString(),
      });
      return;
    }
    if (!attempt) this.tell(() => this.queues.callEnded(live.callId));
    this.finish(live);
  }

  /** The owner's phone was released: by the agent, or by us (transfer, force release). */
  private ownerReleased(live: LiveCall, agentId: string, leg: PhoneLeg): void {
    if (live.owner?.leg !== leg) return;
    live.owner = undefined;
    void this.deps.recorder.stop(live.recordingId);
    live.recordingId = undefined;
    void live.leave(leg.channel);
    this.emitDesk(agentId, 'call_ended', { callId: live.callId });
    // Hung up while the callback was being dialled: callBack counts it as a failed attempt.
    if (this.diallingCallbacks.has(live.callId)) return;
    if (live.customerGone) {
      // The customer left first: the agent's phone is back on hook.
      this.tell(() => this.queues.agentHungUp(live.callId, agentId));
      this.finish(live);
      return;
    }
    if (live.ownerLeaving) return;
    this.ownerHungUp(live, agentId);
  }

  /** The agent hung up while the customer is still there. */
  private ownerHungUp(live: LiveCall, agentId: string): void {
    for (const party of [...live.parties.values()]) if (party.role === 'monitor') this.hangUpParty(party);
    // A consulted or conferenced agent still on the line takes the call over (as a PBX does).
    const heir = [...live.parties.values()].find((p) => p.role !== 'monitor' && p.connected && p.agentId !== undefined && p.leg);
    if (heir?.agentId !== undefined) {
      try {
        this.queues.transferToAgent(agentId, live.callId, heir.agentId);
        this.publishCall('call.transferred', live, agentId);
        return;
      } catch (err) {
        if (!isAcdError(err)) throw err;
      }
    }
    const outside = [...live.parties.values()].find((p) => p.role !== 'monitor' && p.connected && p.outside);
    if (outside) {
      // The customer and an outside party stay connected; the ACD's part is over.
      this.tell(() => this.queues.callEnded(live.callId));
      if (live.held) this.background(this.retrieve(live), 'retrieve');
      return;
    }
    this.tell(() => this.queues.agentHungUp(live.callId, agentId));
    for (const party of [...live.parties.values()]) this.hangUpParty(party);
    const settings = this.queueRecords.get(live.queueId)?.settings;
    if (settings?.surveyAfterCall && live.customer) {
      this.background(this.survey(live, agentId), 'survey');
      return;
    }
    this.finish(live, { kind: 'connected', agentId });
  }

  /** The satisfaction survey, then goodbye. */
  async survey(live: LiveCall, agentId: string): Promise<void> {
    const customer = live.customer;
    live.media?.stop();
    await live.dissolve();
    if (customer && !customer.ended) {
      customer.note({ type: 'transfer', to: 'survey', kind: 'ivr' });
      const rating = await runSurvey(customer, this.deps.prompts);
      this.deps.activity.survey({
        tenantId: this.tenantId,
        callId: live.callId,
        legId: live.legId ?? null,
        agentId,
        queueId: live.queueId,
        rating,
        at: this.now(),
      });
      await customer.hangUp();
    }
    this.finish(live, { kind: 'connected', agentId });
  }

  // ─── helpers for call control (call-control.ts, supervision.ts) ──────────────────────────

  /** The live call an agent has (is the owner of); acd_illegal_state if none. */
  ownedCall(agentId: string): LiveCall {
    this.agentRecord(agentId);
    for (const live of this.calls.values()) if (live.owner?.agentId === agentId && !live.customerGone) return live;
    throw new AcdError('acd_illegal_state', `Agent ${agentId} has no call`, { agentId, state: this.queues.agent(agentId).state });
  }

  /** The agent's phone leg on another call (one being released), if any. */
  private ownerLegOf(agentId: string, except: LiveCall): PhoneLeg | undefined {
    for (const other of this.calls.values()) if (other !== except && other.owner?.agentId === agentId) return other.owner.leg;
    return undefined;
  }

  /** The call an agent's phone is ringing for, if any. */
  ringingCall(agentId: string): LiveCall | undefined {
    for (const live of this.calls.values()) if (live.offers.has(agentId)) return live;
    return undefined;
  }

  /** Takes the owner off the call (our action): out of the conference, phone hung up. */
  detachOwner(live: LiveCall): void {
    const owner = live.owner;
    if (!owner) return;
    live.owner = undefined;
    void this.deps.recorder.stop(live.recordingId);
    live.recordingId = undefined;
    void live.leave(owner.leg.channel);
    void owner.leg.hangUp();
    for (const party of [...live.parties.values()]) if (party.role === 'monitor') this.hangUpParty(party);
    this.emitDesk(owner.agentId, 'call_ended', { callId: live.callId });
  }

  /** The customer out of the conference, hearing music. */
  async hold(live: LiveCall): Promise<void> {
    const customer = live.customer;
    if (!customer) return;
    live.held = true;
    await live.leave(customer.channel);
    live.media?.startMusic(this.queueRecords.get(live.queueId)?.announce.musicClass ?? 'default');
  }

  async retrieve(live: LiveCall): Promise<void> {
    const customer = live.customer;
    if (!customer || live.customerGone) return;
    live.held = false;
    live.media?.stop();
    await live.join(customer.channel);
  }

  /** Rings an agent's phone for a party of the call; resolves true once they answered. */
  async addAgentParty(live: LiveCall, party: Omit<Party, 'leg' | 'connected' | 'outside' | 'number'>, agent: AgentRecord): Promise<Party | undefined> {
    let leg: PhoneLeg;
    try {
      leg = await this.deps.stations.ring(agent.phone, agent.extension, live.calling);
    } catch (err) {
      this.deps.logger.info({ err, agentId: agent.id }, 'could not ring a party');
      return undefined;
    }
    const full: Party = { ...party, leg, outside: undefined, number: undefined, connected: false };
    live.parties.set(full.key, full);
    this.background(leg.released.then(() => this.partyReleased(live, full)), 'party release');
    const cancel = this.card.clock.setTimeout(() => void leg.hangUp(), this.deps.deskRingTimeoutMs);
    const answered = await leg.answered;
    cancel();
    if (!answered || live.parties.get(full.key) !== full) return undefined;
    full.connected = true;
    return full;
  }

  /** Dials an outside number for a party of the call. */
  async addOutsideParty(live: LiveCall, role: Party['role'], number: string): Promise<Party | undefined> {
    let session: CallSession;
    try {
      session = await this.telephony.dial({ number, tenantId: this.tenantId, ringTimeoutMs: this.deps.deskRingTimeoutMs });
    } catch (err) {
      this.deps.logger.info({ err }, 'outside party did not answer');
      return undefined;
    }
    const party: Party = { key: `number:${number}`, role, agentId: undefined, number, leg: undefined, outside: session, mode: 'full', supervisorId: undefined, connected: true };
    if (live.customerGone || this.calls.get(live.callId) !== live) {
      void session.hangUp();
      return undefined;
    }
    live.parties.set(party.key, party);
    this.background(session.released.then(() => this.partyReleased(live, party)), 'party release');
    return party;
  }

  hangUpParty(party: Party): void {
    if (party.leg) void party.leg.hangUp();
    if (party.outside) void party.outside.hangUp();
  }

  /** A party's line was released (they hung up, or we did). */
  private partyReleased(live: LiveCall, party: Party): void {
    if (live.parties.get(party.key) !== party) return;
    live.parties.delete(party.key);
    const channel = partyChannel(party);
    if (channel) void live.leave(channel);
    if (party.agentId !== undefined) {
      this.tell(() => this.queues.disengage(party.agentId!, { kind: 'system' }), ['acd_illegal_state', 'acd_unknown_agent']);
      this.emitDesk(party.agentId, 'party_left', { callId: live.callId, role: party.role });
    }
    if (live.owner) {
      this.emitDesk(live.owner.agentId, 'party_left', { callId: live.callId, role: party.role, agentId: party.agentId ?? null, number: party.number ?? null });
      // The consulted party left: the customer comes back to the agent.
      if (party.role === 'consult' && live.held) this.background(this.retrieve(live), 'retrieve');
      return;
    }
    // No agent on the call (after a transfer out): when the last other party leaves, the call is over for the ACD.
    if (![...live.parties.values()].some((p) => p.role !== 'monitor') && !live.offers.size && this.calls.get(live.callId) === live) {
      let stillQueued = false;
      try {
        stillQueued = this.queues.caller(live.callId) !== undefined;
      } catch {
        stillQueued = false;
      }
      if (!stillQueued) this.finish(live);
    }
  }

  // ─── prompts, records, events ─────────────────────────────────────────────────────────────

  private statusPrompts(what: Extract<CallerAnnouncement, { kind: 'queue_status' }>, lang: 'zh' | 'en'): PromptRef[] {
    try {
      const prompts = this.deps.prompts;
      const out: PromptRef[] = [];
      if (what.position !== undefined) {
        out.push(prompts.prompt('queue.position', lang), ...prompts.tokens(readNumber(what.position, lang), lang), prompts.prompt('queue.position.after', lang));
      }
      if (what.expectedWaitS !== undefined) {
        // Whole minutes, at least one: "about three minutes".
        const minutes = Math.max(1, Math.round(what.expectedWaitS / 60));
        out.push(prompts.prompt('queue.expected_wait', lang), ...prompts.tokens(readDuration(minutes * 60, lang), lang));
      }
      return out;
    } catch (err) {
      this.deps.logger.warn({ err }, 'queue announcement prompts missing');
      return [];
    }
  }

  promptsOrNone(ids: string[], lang: 'zh' | 'en'): PromptRef[] {
    try {
      return this.deps.prompts.prompts(ids, lang);
    } catch (err) {
      this.deps.logger.warn({ err, ids }, 'prompts missing');
      return [];
    }
  }

  private onAgentEntry(entry: AgentServiceLogEntry): void {
    this.deps.activity.agentEvent(this.tenantId, entry);
    this.persistAgent(entry.agentId);
    const legId = entry.callId ? this.calls.get(entry.callId)?.legId : undefined;
    for (const event of serviceLogEvents(entry)) {
      const reason = event === 'lock' ? 'no_answer' : entry.reason;
      this.deps.records.agentLog
        .write({
          tenantId: this.tenantId,
          agentId: entry.agentId,
          event,
          queue: entry.queueId ?? null,
          reason: reason ?? null,
          legId: legId ?? null,
          at: entry.at,
        })
        .catch((err: unknown) => this.deps.logger.error({ err }, 'agent service log'));
    }
    if (entry.from !== entry.to) {
      this.publishAgentState(entry.agentId, entry.to, entry.to === 'paused' ? entry.reason : undefined);
      const agent = this.agentRecords.get(entry.agentId);
      for (const m of agent?.queues ?? []) this.publishSummary(m.queueId);
    }
  }

  private onWaitEntry(entry: AllBusyWaitEntry): void {
    const legId = this.calls.get(entry.callId)?.legId;
    this.deps.records.allBusy
      .write({
        tenantId: this.tenantId,
        legId: legId ?? null,
        queue: entry.queueId,
        calling: entry.callingNumber || null,
        enteredAt: entry.enteredAt,
        leftAt: entry.leftAt,
        outcome: allBusyOutcome(entry.outcome),
      })
      .catch((err: unknown) => this.deps.logger.error({ err }, 'all-busy waiting log'));
  }

  private persistAgent(agentId: string): void {
    try {
      const view = this.queues.agent(agentId);
      this.deps.activity.agentState({ tenantId: this.tenantId, agentId, state: view.state, pauseReason: view.pauseReason, stats: view.stats });
    } catch {
      // removed meanwhile
    }
  }

  private publishAgentState(agentId: string, state: string, reason: string | undefined): void {
    const at = new Date(this.now()).toISOString();
    this.deps.bus.publish({ type: 'agent.state', tenantId: this.tenantId, at, agentId, state, reason: reason ?? null });
    this.desk$.next({ type: 'state', agentId, at, state, reason: reason ?? null });
  }

  private publishSummary(queueId: string): void {
    let view;
    try {
      view = this.queues.queue(queueId);
    } catch {
      return;
    }
    const now = this.now();
    const summary = {
      queue: queueId,
      waiting: view.waiting + view.callbacks,
      longestWaitMs: view.oldestWaitingSince === undefined ? 0 : Math.max(0, now - view.oldestWaitingSince),
      agentsAvailable: view.available,
      agentsBusy: Math.max(0, view.staffed - view.available),
    };
    const key = `${summary.waiting}/${summary.agentsAvailable}/${summary.agentsBusy}`;
    if (this.summaries.get(queueId) === key) return;
    this.summaries.set(queueId, key);
    this.deps.bus.publish({ type: 'queue.summary', tenantId: this.tenantId, at: new Date(now).toISOString(), ...summary });
  }

  publishCall(type: CallEventType, live: LiveCall, agentId?: string): void {
    const event: CallEvent = {
      type,
      tenantId: this.tenantId,
      at: new Date(this.now()).toISOString(),
      legId: live.legId ?? live.callId,
      callId: live.callId,
      calling: live.calling || null,
      called: live.customer?.called || null,
      queue: live.queueId,
      agentId: agentId ?? null,
    };
    this.deps.bus.publish(event);
  }

  emitDesk(agentId: string, type: DeskEvent['type'], fields: Record<string, unknown> = {}): void {
    this.desk$.next({ ...fields, type, agentId, at: new Date(this.now()).toISOString() });
  }

  private deskOffer(live: LiveCall, agentId: string, offer: OfferDetails): void {
    this.emitDesk(agentId, 'offer', {
      callId: live.callId,
      queueId: offer.queueId,
      kind: offer.kind,
      callingNumber: offer.callingNumber,
      priority: offer.priority,
      ringTimeoutS: offer.ringTimeoutS,
    });
    void buildScreenPop({
      db: this.deps.db,
      tenantId: this.tenantId,
      legId: live.legId,
      callingNumber: offer.callingNumber,
      ivrData: live.data,
      profiles: this.deps.profiles(),
      timeoutMs: 2000,
    })
      .then((pop) => this.emitDesk(agentId, 'screen_pop', { callId: live.callId, ...pop }))
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'screen pop'));
  }

  /** Writes a CDR stage off the call path; a leg this process does not own is skipped. */
  cdrStage(write: () => Promise<void>): void {
    void write().catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'UNKNOWN_LEG') this.deps.logger.error({ err }, 'cdr stage');
    });
  }

  /**
   * Runs work in the background of a call (event handlers, ringing, bridging): an error is
   * logged, never left as an unhandled rejection that would take the process down.
   */
  background(work: Promise<unknown>, what: string): void {
    work.catch((err: unknown) => this.deps.logger.error({ err }, `ACD: ${what} failed`));
  }

  /** Tells the core a telephony fact; refusals that only mean "already handled" are ignored. */
  tell(fact: () => void, ignore: readonly string[] = ['acd_unknown_call', 'acd_illegal_state']): void {
    try {
      fact();
    } catch (err) {
      if (isAcdError(err) && ignore.includes(err.code)) return;
      this.deps.logger.error({ err }, 'ACD fact refused');
    }
  }
}
