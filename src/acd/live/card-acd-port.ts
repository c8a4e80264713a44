/**
 * The AcdPort on the card: the core's commands become audio and phones. An offer rings the
 * agent's phone (and tells their desk, with the screen pop); an answered phone hands the call to
 * its owner (AgentConnections); the caller hears music, position and expected wait, the callback
 * confirmation; max wait hands the caller back to the IVR or voicemail.
 */
import type { Logger } from 'pino';
import { readDuration, readNumber } from '../../voice/readings/index.js';
import type { RecordsService } from '../../records/service.js';
import type { PromptRef } from '../../telephony/call-session.js';
import type { PromptLibrary } from '../../voice/prompt-library.js';
import type { QueueOutcome } from '../../telephony/ports.js';
import { isAcdError } from '../errors.js';
import type { AcdPort, CallerAnnouncement, CancelReason, OfferDetails } from '../ports.js';
import type { QueueService } from '../queue-service.js';
import type { AgentRecord } from '../store/schemas.js';
import type { AgentConnections } from './agent-connection.js';
import type { BackgroundWork, CardLine } from './background-work.js';
import type { LiveCall } from './live-call.js';
import type { LiveCalls } from './live-calls.js';
import type { PhoneLeg, StationLines } from './phones.js';
import type { TenantConfig } from './tenant-config.js';
import type { TenantPublisher } from './tenant-publisher.js';

/** How long a new offer waits for the agent's phone to finish releasing its last call. */
const PHONE_RELEASE_WAIT_MS = 5000;

export interface CardPortDeps {
  stations: StationLines;
  records: RecordsService;
  prompts: PromptLibrary;
  logger: Logger;
}

export class CardAcdPort implements AcdPort {
  constructor(
    private readonly deps: CardPortDeps,
    private readonly line: CardLine,
    private readonly now: () => number,
    private readonly queues: QueueService,
    private readonly calls: LiveCalls,
    private readonly config: Pick<TenantConfig, 'findAgent'>,
    private readonly connections: AgentConnections,
    private readonly publisher: Pick<TenantPublisher, 'emitDesk' | 'deskOffer' | 'publishCall'>,
    private readonly work: BackgroundWork,
  ) {}

  offerCallToAgent(callId: string, agentId: string, offer: OfferDetails): void {
    const live = this.calls.get(callId);
    const agent = this.config.findAgent(agentId);
    if (!live || !agent) {
      // Nothing to ring (a call that left while the command was queued): decline at once.
      setImmediate(() => this.work.tell(() => this.queues.agentRejected(callId, agentId)));
      return;
    }
    if (offer.callbackNumber !== undefined) this.calls.callbackNumbers.set(callId, offer.callbackNumber);
    this.publisher.deskOffer(live, agentId, offer);
    if (offer.kind === 'transfer') {
      const party = live.parties.get(`agent:${agentId}`);
      if (party?.connected && party.leg) {
        // The consulted agent is already on the line: they take the call now.
        live.parties.delete(party.key);
        this.queues.agentAnswered(callId, agentId);
        this.work.background(this.connections.connectOwner(live, agentId, party.leg, 'transfer'), 'hand-over');
        return;
      }
    }
    live.offers.set(agentId, { leg: undefined, kind: offer.kind });
    this.work.background(this.ringAgent(live, agent, offer), 'ringing an agent');
  }

  cancelOffer(callId: string, agentId: string, reason: CancelReason): void {
    const live = this.calls.get(callId);
    const slot = live?.offers.get(agentId);
    if (!live || !slot) return;
    live.offers.delete(agentId);
    void slot.leg?.hangUp();
    this.publisher.emitDesk(agentId, 'offer_cancelled', { callId, reason });
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
    if (legId) this.work.cdrStage(() => this.deps.records.cdr.queued(legId, { queue: to, at: this.now() }));
    this.publisher.publishCall('call.queued', live);
  }

  private handBack(callId: string, outcome: QueueOutcome): void {
    const live = this.calls.get(callId);
    if (!live) return;
    for (const slot of live.offers.values()) void slot.leg?.hangUp();
    this.calls.finish(live, outcome);
  }

  private async ringAgent(live: LiveCall, agent: AgentRecord, offer: OfferDetails): Promise<void> {
    const agentId = agent.id;
    // Without wrap-up the agent is free as soon as the customer hangs up, while we are still
    // hanging up their phone: ring it once that call is released, or the phone answers busy.
    const previous = this.calls.ownerLegOf(agentId, live);
    if (previous) await Promise.race([previous.released, this.line.card.clock.sleep(PHONE_RELEASE_WAIT_MS).catch(() => undefined)]);
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
    await this.connections.connectOwner(live, agentId, leg, offer.kind);
  }

  /** The phone refused, was busy or unreachable. */
  private phoneFailed(live: LiveCall, agentId: string, kind: string): void {
    if (kind === 'pickup') {
      // The core gave the call to the picking agent already: back to the queue with its place.
      this.work.tell(() => this.queues.transferToQueue(agentId, live.callId, live.queueId));
      return;
    }
    this.work.tell(() => this.queues.agentRejected(live.callId, agentId));
  }

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
}
