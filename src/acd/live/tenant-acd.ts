/**
 * One tenant's ACD on live calls: builds the decision core (QueueService) and the live parts
 * around it, each with one job — the configuration mirror (TenantConfig), the QueuePort
 * (QueueEntrance), the AcdPort on the card (CardAcdPort), the owner of a call
 * (AgentConnections), the other parties (PartyManager), the core's logs (CoreLogWriter) and
 * what is published (TenantPublisher) — and hands each the few others it needs.
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
import { asyncScheduler, type SchedulerLike, type Subject, type Subscription } from 'rxjs';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Card } from '../../../bindings/index.js';
import type { EventBus } from '../../events/bus.js';
import type { RecordsService } from '../../records/service.js';
import type { CallRecorder } from '../recording/call-recorder.js';
import type { CallContext } from '../../telephony/handlers.js';
import type { PromptLibrary } from '../../voice/prompt-library.js';
import type { QueueOutcome, QueueRequest } from '../../telephony/ports.js';
import type { TelephonyService } from '../../telephony/telephony-service.js';
import { QueueService, type RestartPolicy } from '../queue-service.js';
import { acdActivityRepo, type ActivityWriter } from '../store/activity-repo.js';
import type { AgentRecord, CalendarRecord, EntryPointRecord, QueueRecord } from '../store/schemas.js';
import { AgentConnections } from './agent-connection.js';
import { BackgroundWork, type CardLine } from './background-work.js';
import { CardAcdPort } from './card-acd-port.js';
import { CoreLogWriter } from './core-log-writer.js';
import type { DeskEvent } from './desk-events.js';
import { LiveAcdError } from './errors.js';
import type { LiveCall } from './live-call.js';
import { LiveCalls } from './live-calls.js';
import { PartyManager } from './party-manager.js';
import type { PhoneControl, StationLines } from './phones.js';
import { QueueEntrance } from './queue-entrance.js';
import type { ProfileSource } from './screen-pop.js';
import { SwitchableCalendar } from './switchable-calendar.js';
import { TenantConfig } from './tenant-config.js';
import { TenantPublisher } from './tenant-publisher.js';

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

/** The engine's clock, read as wall-clock milliseconds. */
export function wallScheduler(card: Card): SchedulerLike {
  const clock = card.clock;
  return {
    now: () => clock.wallTime().getTime(),
    schedule: ((work: never, delay?: number, state?: unknown) => clock.schedule(work, delay, state)) as SchedulerLike['schedule'],
  };
}

export class TenantAcd implements CardLine {
  readonly tenantId: string;
  /** The decision core. */
  readonly queues: QueueService;
  readonly config: TenantConfig;
  readonly calls: LiveCalls;
  readonly publisher: TenantPublisher;
  readonly parties: PartyManager;
  readonly connections: AgentConnections;
  readonly work: BackgroundWork;
  /** Every agent's desk events (each desk stream filters its own). */
  readonly desk$: Subject<DeskEvent>;
  private readonly entrance: QueueEntrance;
  private readonly logWriter: CoreLogWriter;
  private readonly subscription: Subscription;

  constructor(readonly deps: TenantAcdDeps) {
    this.tenantId = deps.tenantId;
    const now = (): number => this.now();
    const calendar = new SwitchableCalendar();
    let port: CardAcdPort | undefined;
    this.queues = new QueueService({
      scheduler: deps.telephony ? wallScheduler(deps.telephony.card) : asyncScheduler,
      // The core sends commands only in answer to inputs, which come after the port exists.
      port: {
        offerCallToAgent: (callId, agentId, offer) => port?.offerCallToAgent(callId, agentId, offer),
        cancelOffer: (callId, agentId, reason) => port?.cancelOffer(callId, agentId, reason),
        playToCaller: (callId, what) => port?.playToCaller(callId, what),
        sendToVoicemail: (callId, queueId) => port?.sendToVoicemail(callId, queueId),
        returnToIvr: (callId, queueId) => port?.returnToIvr(callId, queueId),
        callerMoved: (callId, from, to) => port?.callerMoved(callId, from, to),
      },
      calendar,
      agentLog: { write: (entry) => this.logWriter.onAgentEntry(entry) },
      waitLog: { write: (entry) => this.logWriter.onWaitEntry(entry) },
      callRecords: { write: (record) => deps.activity.visit(this.tenantId, record) },
      ...(deps.notHungUpAfterS === undefined ? {} : { notHungUpAfterS: deps.notHungUpAfterS }),
    });
    this.work = new BackgroundWork(deps);
    this.publisher = new TenantPublisher(this.tenantId, deps, this.queues, now);
    this.desk$ = this.publisher.desk$;
    this.config = new TenantConfig(this.queues, calendar, this.publisher, now, (queueId) => this.calls.hasLiveCallIn(queueId));
    this.calls = new LiveCalls(this.queues, this.config);
    this.logWriter = new CoreLogWriter(this.tenantId, deps, this.queues, this.calls, this.config, this.publisher);
    this.parties = new PartyManager(this.tenantId, deps, this, this.queues, this.calls, this.config, this.publisher, this.work);
    this.connections = new AgentConnections(this.tenantId, deps, this, now, this.queues, this.calls, this.config, this.parties, this.publisher, this.work, (live, session) =>
      this.entrance.customerLeft(live, session),
    );
    port = new CardAcdPort(deps, this, now, this.queues, this.calls, this.config, this.connections, this.publisher, this.work);
    this.entrance = new QueueEntrance(deps, this, now, this.queues, this.calls, this.config, this.parties, this.publisher, this.work);
    this.subscription = this.queues.events$.subscribe((event) => {
      if (event.type === 'caller') this.publisher.publishSummary(event.queueId);
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
    this.publisher.dispose();
  }

  /** Loads the tenant's configuration and recovers the agents' states after a restart. */
  async load(db: Knex, config: { queues: QueueRecord[]; agents: AgentRecord[]; entryPoints: EntryPointRecord[]; calendar: CalendarRecord }): Promise<void> {
    this.config.applyCalendar(config.calendar);
    for (const q of config.queues) this.config.applyQueue(q);
    for (const a of config.agents) this.config.applyAgent(a, { checkQueues: false });
    for (const e of config.entryPoints) this.config.applyEntryPoint(e);
    const rows = (await acdActivityRepo.agentStates(db, this.tenantId)).filter((r) => this.config.hasAgent(r.id) && r.state !== 'signed_out');
    const recovered = this.queues.recoverAgents(rows, this.deps.restartPolicy);
    for (const view of recovered) {
      this.logWriter.persistAgent(view.id);
      this.publisher.publishAgentState(view.id, view.state, view.pauseReason);
    }
  }

  // Shortcuts the test fixtures use.

  /** The call an agent's phone is ringing for, if any. */
  ringingCall(agentId: string): LiveCall | undefined {
    return this.calls.ringingCall(agentId);
  }

  applyQueue(record: QueueRecord): void {
    this.config.applyQueue(record);
  }

  applyAgent(record: AgentRecord): void {
    this.config.applyAgent(record);
  }

  applyEntryPoint(record: EntryPointRecord): void {
    this.config.applyEntryPoint(record);
  }

  /** The QueuePort: a caller enters this tenant's ACD. */
  enqueue(ctx: CallContext, request: QueueRequest): Promise<QueueOutcome> {
    return this.entrance.enqueue(ctx, request);
  }
}
