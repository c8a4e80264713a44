/**
 * An agent who has a customer call (its owner): bridging customer and agent, the CDR stage,
 * events and recording once they talk, dialling the customer of a callback (and what happens
 * when nobody answers), and what follows when the agent's phone is released — a consulted
 * agent takes over, an outside party stays, or the survey and the outcome.
 */
import type { Logger } from 'pino';
import { Cause } from '../../../bindings/index.js';
import type { RecordsService } from '../../records/service.js';
import type { CallRecorder } from '../recording/call-recorder.js';
import { shouldRecord } from '../recording/recording-policy.js';
import type { CallSession } from '../../telephony/call-session.js';
import type { PromptLibrary } from '../../voice/prompt-library.js';
import { isAcdError } from '../errors.js';
import type { CallbackAttempt, QueueService } from '../queue-service.js';
import type { ActivityWriter } from '../store/activity-repo.js';
import type { BackgroundWork, CardLine } from './background-work.js';
import { CallerMedia } from './caller-media.js';
import type { LiveCall } from './live-call.js';
import type { LiveCalls } from './live-calls.js';
import type { PartyManager } from './party-manager.js';
import type { PhoneLeg } from './phones.js';
import { runSurvey } from './survey.js';
import type { TenantConfig } from './tenant-config.js';
import type { TenantPublisher } from './tenant-publisher.js';

/** Why a callback dial failed, from the Q.850 cause the network gave (absent: no trunk, no number). */
function callbackFailure(err: unknown): 'busy' | 'no_answer' | 'failed' {
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  if (cause === Cause.USER_BUSY) return 'busy';
  if (cause === Cause.NO_ANSWER || cause === Cause.NO_USER_RESPONSE) return 'no_answer';
  return 'failed';
}

export interface ConnectionDeps {
  records: RecordsService;
  recorder: CallRecorder;
  activity: ActivityWriter;
  prompts: PromptLibrary;
  logger: Logger;
  music: (musicClass: string) => string;
  deskRingTimeoutMs: number;
}

export class AgentConnections {
  /** Callbacks whose customer is being dialled: the agent hanging up meanwhile fails the attempt. */
  private readonly diallingCallbacks = new Set<string>();

  constructor(
    private readonly tenantId: string,
    private readonly deps: ConnectionDeps,
    private readonly line: CardLine,
    private readonly now: () => number,
    private readonly queues: QueueService,
    private readonly calls: LiveCalls,
    private readonly config: Pick<TenantConfig, 'findAgent' | 'findQueue'>,
    private readonly parties: PartyManager,
    private readonly publisher: Pick<TenantPublisher, 'emitDesk' | 'publishCall'>,
    private readonly work: BackgroundWork,
    /** The customer's line went away (a dialled callback customer hung up). */
    private readonly customerLeft: (live: LiveCall, session: CallSession) => void,
  ) {}

  /** The agent has the call: bridge, CDR stage, events, recording. */
  async connectOwner(live: LiveCall, agentId: string, leg: PhoneLeg, kind: string): Promise<void> {
    live.owner = { agentId, leg };
    live.lastAgentId = agentId;
    live.ownerLeaving = false;
    this.work.background(leg.released.then(() => this.ownerReleased(live, agentId, leg)), 'agent release');
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
      // A side that hangs up while being bridged is an ordinary race (its hang-up ends the call
      // as usual); anything else is a fault.
      const hungUp = (err as { code?: unknown }).code === 'ERR_CHANNEL_IDLE';
      if (hungUp) this.deps.logger.warn({ err, callId: live.callId }, 'a side hung up while being bridged to the agent');
      else this.deps.logger.error({ err, callId: live.callId }, 'could not bridge the customer and the agent');
    }
    this.connected(live, agentId);
  }

  /** Bookkeeping once a customer and an agent are talking. */
  private connected(live: LiveCall, agentId: string): void {
    const legId = live.legId;
    if (legId) this.work.cdrStage(() => this.deps.records.cdr.connected(legId, { agentId, at: this.now() }));
    this.publisher.publishCall('call.connected', live, agentId);
    this.publisher.emitDesk(agentId, 'connected', { callId: live.callId, callingNumber: live.calling, queueId: live.queueId });
    this.work.background(this.startRecording(live, agentId), 'recording');
  }

  private async startRecording(live: LiveCall, agentId: string): Promise<void> {
    const agent = this.config.findAgent(agentId);
    const customer = live.customer;
    if (!agent || !customer || live.recordedElsewhere) return;
    if (!shouldRecord(agent.recording, this.config.findQueue(live.queueId)?.settings.recording)) return;
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
    const number = this.calls.callbackNumbers.get(live.callId);
    void leg.channel.playTone('ringback').catch(() => undefined);
    let session: CallSession | undefined;
    let reason: string = 'agent_hung_up';
    this.diallingCallbacks.add(live.callId);
    try {
      if (number === undefined) throw new Error('no callback number');
      session = await this.line.telephony.dial({ number, tenantId: this.tenantId, ringTimeoutMs: this.deps.deskRingTimeoutMs });
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
    live.legId = this.line.telephony.activeCalls().find((a) => a.session === session)?.legId;
    live.media = new CallerMedia(session, this.deps.music);
    const customer = session;
    this.work.background(customer.released.then(() => this.customerLeft(live, customer)), 'customer release');
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
      this.publisher.emitDesk(agentId, 'call_ended', { callId: live.callId });
    }
    void leg.hangUp();
    let attempt: CallbackAttempt | undefined;
    this.work.tell(() => {
      attempt = this.queues.callbackFailed(live.callId, agentId, reason);
    });
    this.publisher.emitDesk(agentId, 'callback_failed', {
      callId: live.callId,
      number: number ?? null,
      reason,
      attempt: attempt?.attempt ?? null,
      attempts: attempt?.attempts ?? null,
      final: attempt?.retryAt === undefined,
    });
    if (attempt?.retryAt !== undefined) {
      this.publisher.emitDesk(agentId, 'callback_retry_scheduled', {
        callId: live.callId,
        number: number ?? null,
        attempt: attempt.attempt + 1,
        attempts: attempt.attempts,
        retryAt: new Date(attempt.retryAt).toISOString(),
      });
      return;
    }
    if (!attempt) this.work.tell(() => this.queues.callEnded(live.callId));
    this.calls.finish(live);
  }

  /** The owner's phone was released: by the agent, or by us (transfer, force release). */
  private ownerReleased(live: LiveCall, agentId: string, leg: PhoneLeg): void {
    if (live.owner?.leg !== leg) return;
    live.owner = undefined;
    void this.deps.recorder.stop(live.recordingId);
    live.recordingId = undefined;
    void live.leave(leg.channel);
    this.publisher.emitDesk(agentId, 'call_ended', { callId: live.callId });
    // Hung up while the callback was being dialled: callBack counts it as a failed attempt.
    if (this.diallingCallbacks.has(live.callId)) return;
    if (live.customerGone) {
      // The customer left first: the agent's phone is back on hook.
      this.work.tell(() => this.queues.agentHungUp(live.callId, agentId));
      this.calls.finish(live);
      return;
    }
    if (live.ownerLeaving) return;
    this.ownerHungUp(live, agentId);
  }

  /** The agent hung up while the customer is still there. */
  private ownerHungUp(live: LiveCall, agentId: string): void {
    for (const party of [...live.parties.values()]) if (party.role === 'monitor') this.parties.hangUpParty(party);
    // A consulted or conferenced agent still on the line takes the call over (as a PBX does).
    const heir = [...live.parties.values()].find((p) => p.role !== 'monitor' && p.connected && p.agentId !== undefined && p.leg);
    if (heir?.agentId !== undefined) {
      try {
        this.queues.transferToAgent(agentId, live.callId, heir.agentId);
        this.publisher.publishCall('call.transferred', live, agentId);
        return;
      } catch (err) {
        if (!isAcdError(err)) throw err;
      }
    }
    const outside = [...live.parties.values()].find((p) => p.role !== 'monitor' && p.connected && p.outside);
    if (outside) {
      // The customer and an outside party stay connected; the ACD's part is over.
      this.work.tell(() => this.queues.callEnded(live.callId));
      if (live.held) this.work.background(this.parties.retrieve(live), 'retrieve');
      return;
    }
    this.work.tell(() => this.queues.agentHungUp(live.callId, agentId));
    for (const party of [...live.parties.values()]) this.parties.hangUpParty(party);
    const settings = this.config.findQueue(live.queueId)?.settings;
    if (settings?.surveyAfterCall && live.customer) {
      this.work.background(this.survey(live, agentId), 'survey');
      return;
    }
    this.calls.finish(live, { kind: 'connected', agentId });
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
    this.calls.finish(live, { kind: 'connected', agentId });
  }
}
