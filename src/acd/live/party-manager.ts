/**
 * The parties of a customer call besides the customer and its owner: agents rung for a
 * consultation, conference or monitoring, and outside numbers dialled through the trunks; and
 * the owner's own place in the conference (hold, retrieve, detach).
 */
import type { Logger } from 'pino';
import type { CallRecorder } from '../recording/call-recorder.js';
import type { CallSession } from '../../telephony/call-session.js';
import type { QueueService } from '../queue-service.js';
import type { AgentRecord } from '../store/schemas.js';
import type { BackgroundWork, CardLine } from './background-work.js';
import { partyChannel, type LiveCall, type Party } from './live-call.js';
import type { LiveCalls } from './live-calls.js';
import type { PhoneLeg, StationLines } from './phones.js';
import type { TenantConfig } from './tenant-config.js';
import type { TenantPublisher } from './tenant-publisher.js';

export interface PartyDeps {
  stations: StationLines;
  recorder: CallRecorder;
  logger: Logger;
  /** Phones ring this long for desk calls and consultations (ms, engine time). */
  deskRingTimeoutMs: number;
}

export class PartyManager {
  constructor(
    private readonly tenantId: string,
    private readonly deps: PartyDeps,
    private readonly line: CardLine,
    private readonly queues: QueueService,
    private readonly calls: LiveCalls,
    private readonly config: Pick<TenantConfig, 'findQueue'>,
    private readonly publisher: Pick<TenantPublisher, 'emitDesk'>,
    private readonly work: BackgroundWork,
  ) {}

  /** The customer out of the conference, hearing music. */
  async hold(live: LiveCall): Promise<void> {
    const customer = live.customer;
    if (!customer) return;
    live.held = true;
    await live.leave(customer.channel);
    live.media?.startMusic(this.config.findQueue(live.queueId)?.announce.musicClass ?? 'default');
  }

  async retrieve(live: LiveCall): Promise<void> {
    const customer = live.customer;
    if (!customer || live.customerGone) return;
    live.held = false;
    live.media?.stop();
    await live.join(customer.channel);
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
    this.publisher.emitDesk(owner.agentId, 'call_ended', { callId: live.callId });
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
    this.work.background(leg.released.then(() => this.partyReleased(live, full)), 'party release');
    const cancel = this.line.card.clock.setTimeout(() => void leg.hangUp(), this.deps.deskRingTimeoutMs);
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
      session = await this.line.telephony.dial({ number, tenantId: this.tenantId, ringTimeoutMs: this.deps.deskRingTimeoutMs });
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
    this.work.background(session.released.then(() => this.partyReleased(live, party)), 'party release');
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
      this.work.tell(() => this.queues.disengage(party.agentId!, { kind: 'system' }), ['acd_illegal_state', 'acd_unknown_agent']);
      this.publisher.emitDesk(party.agentId, 'party_left', { callId: live.callId, role: party.role });
    }
    if (live.owner) {
      this.publisher.emitDesk(live.owner.agentId, 'party_left', { callId: live.callId, role: party.role, agentId: party.agentId ?? null, number: party.number ?? null });
      // The consulted party left: the customer comes back to the agent.
      if (party.role === 'consult' && live.held) this.work.background(this.retrieve(live), 'retrieve');
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
      if (!stillQueued) this.calls.finish(live);
    }
  }
}
