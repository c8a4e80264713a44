/**
 * Agent call control from the desk: answer, hang up, hold and retrieve, blind transfer (to an
 * agent, a queue or an outside number), consultation (then complete, cancel or join as a
 * three-way call), conference, pick-up of a call ringing at another seat (代接), and the hand-off
 * to the satisfaction survey.
 *
 * Every action checks first and changes nothing when it refuses: AcdError acd_illegal_state
 * when the agent's state or call does not allow it (answer while paused, transfer with no
 * call), acd_unknown_* for unknown agents, queues and calls. Actions that ring someone return
 * once the ringing has started; the desk follows the rest on its event stream.
 *
 * Parties: a consulted agent is engaged (busy) on the call in the core, so no queue offers them
 * a call meanwhile, and completing the consultation hands the call over to them in the core
 * (transferToAgent to an engaged agent). Outside numbers are dialled through the trunks
 * (services.telephony.dial); once the customer is left with an outside party only, the core's
 * part of the call is over (callEnded) and the agent wraps up.
 */
import type { Logger } from 'pino';
import { AcdError } from '../errors.js';
import { LiveAcdError } from './errors.js';
import type { LiveCall, Party } from './live-call.js';
import type { PhoneControl } from './phones.js';
import type { TenantAcd } from './tenant-acd.js';

export type TransferTarget = { agentId: string } | { queueId: string } | { number: string };
export type PartyTarget = { agentId: string } | { number: string };

const NUMBER = /^\+?\d{3,20}$/;

function illegal(message: string, details: Record<string, unknown> = {}): AcdError {
  return new AcdError('acd_illegal_state', message, details);
}

function checkNumber(number: string): void {
  if (!NUMBER.test(number)) throw new AcdError('acd_invalid_config', 'A number is 3–20 digits');
}

export class CallControl {
  constructor(
    private readonly acd: Pick<TenantAcd, 'queues' | 'calls' | 'config' | 'parties' | 'connections' | 'publisher' | 'work' | 'card' | 'deps' | 'now'>,
    private readonly phoneControl: PhoneControl | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * Lifts the ringing phone (simulated phones only; a real phone is answered by hand): an
   * offered call, or the agent's own phone ringing for a desk call or consultation.
   */
  async answer(agentId: string, ownPhoneRinging = false): Promise<void> {
    const agent = this.acd.config.agentRecord(agentId);
    const state = this.acd.queues.agent(agentId).state;
    const ringing = this.acd.calls.ringingCall(agentId);
    if (!ownPhoneRinging && (state !== 'ringing' || !ringing)) throw illegal(`Agent ${agentId} is ${state}, no call is ringing`, { agentId, state });
    if (!this.phoneControl) throw new LiveAcdError('acd_no_phone_control', 'this phone is answered on the phone itself');
    // The phone may still be being rung (SETUP on its way): give it a moment.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.phoneControl.answer(agent.phone);
        return;
      } catch (err) {
        if (attempt >= 20 || (!ownPhoneRinging && this.acd.queues.agent(agentId).state !== 'ringing')) throw illegal(`Agent ${agentId}'s phone is not ringing`, { agentId });
        await this.acd.card.clock.sleep(100);
        void err;
      }
    }
  }

  /** Hangs up whatever the agent's phone is doing: the call, a ringing offer, a party leg. */
  async hangUp(agentId: string): Promise<void> {
    this.acd.config.agentRecord(agentId);
    for (const live of this.acd.calls.values()) {
      if (live.owner?.agentId === agentId) {
        await live.owner.leg.hangUp();
        return;
      }
    }
    const ringing = this.acd.calls.ringingCall(agentId);
    if (ringing) {
      const slot = ringing.offers.get(agentId);
      if (slot?.leg) await slot.leg.hangUp();
      else this.acd.queues.agentRejected(ringing.callId, agentId);
      return;
    }
    for (const live of this.acd.calls.values()) {
      for (const party of live.parties.values()) {
        if (party.agentId === agentId) {
          this.acd.parties.hangUpParty(party);
          return;
        }
      }
    }
    throw illegal(`Agent ${agentId} has no call to hang up`, { agentId, state: this.acd.queues.agent(agentId).state });
  }

  async hold(agentId: string): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    if (live.held) throw illegal(`The call of agent ${agentId} is already on hold`, { agentId });
    await this.acd.parties.hold(live);
    this.acd.publisher.emitDesk(agentId, 'held', { callId: live.callId });
  }

  async retrieve(agentId: string): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    if (!live.held) throw illegal(`The call of agent ${agentId} is not on hold`, { agentId });
    if (this.consultParty(live)) throw illegal('Finish the consultation first (complete, cancel or three-way)', { agentId });
    await this.acd.parties.retrieve(live);
    this.acd.publisher.emitDesk(agentId, 'retrieved', { callId: live.callId });
  }

  /** Blind transfer: the agent leaves at once; the customer hears music until the target answers. */
  async transfer(agentId: string, target: TransferTarget): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    if (this.consultParty(live)) throw illegal('Finish the consultation first', { agentId });
    const customer = live.customer;
    if (!customer) throw illegal(`Agent ${agentId} has no customer on the line`, { agentId });
    let label: string;
    let kind: 'agent' | 'queue' | 'number';
    if ('agentId' in target) {
      this.acd.config.agentRecord(target.agentId);
      if (target.agentId === agentId) throw illegal('An agent cannot transfer a call to themselves', { agentId });
      live.ownerLeaving = true;
      try {
        this.acd.queues.transferToAgent(agentId, live.callId, target.agentId);
      } catch (err) {
        live.ownerLeaving = false;
        throw err;
      }
      label = `agent:${target.agentId}`;
      kind = 'agent';
    } else if ('queueId' in target) {
      this.acd.config.queueRecord(target.queueId);
      live.ownerLeaving = true;
      try {
        this.acd.queues.transferToQueue(agentId, live.callId, target.queueId);
      } catch (err) {
        live.ownerLeaving = false;
        throw err;
      }
      label = `queue:${target.queueId}`;
      kind = 'queue';
    } else {
      checkNumber(target.number);
      live.ownerLeaving = true;
      this.acd.queues.callEnded(live.callId);
      label = target.number;
      kind = 'number';
    }
    this.markTransferred(live, agentId, label, kind);
    this.acd.parties.detachOwner(live);
    await this.acd.parties.hold(live);
    if ('number' in target) this.acd.work.background(this.connectOutside(live, target.number), 'transfer to a number');
  }

  /** Consultation: the customer on hold, the agent talks to the target first. */
  async consult(agentId: string, target: PartyTarget): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    if (this.consultParty(live) || live.consultPending) throw illegal('A consultation is already under way', { agentId });
    if ('agentId' in target) {
      const other = this.acd.config.agentRecord(target.agentId);
      if (target.agentId === agentId) throw illegal('An agent cannot consult themselves', { agentId });
      this.acd.queues.engage(target.agentId, { purpose: 'consult', callId: live.callId, actor: { kind: 'system' } });
      await this.acd.parties.hold(live);
      live.consultPending = true;
      this.acd.work.background(
        this.acd.parties
          .addAgentParty(live, { key: `agent:${other.id}`, role: 'consult', agentId: other.id, mode: 'full', supervisorId: undefined }, other)
          .then((party) => this.partyAnswered(live, agentId, party, target))
          .finally(() => {
            live.consultPending = false;
          }),
        'consultation',
      );
      return;
    }
    checkNumber(target.number);
    await this.acd.parties.hold(live);
    live.consultPending = true;
    this.acd.work.background(
      this.acd.parties
        .addOutsideParty(live, 'consult', target.number)
        .then((party) => this.partyAnswered(live, agentId, party, target))
        .finally(() => {
          live.consultPending = false;
        }),
      'consultation',
    );
  }

  /** The consulted party takes the call; the consulting agent leaves. */
  async completeConsult(agentId: string): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    const party = this.consultParty(live);
    if (!party?.connected) throw illegal('No consultation is connected', { agentId });
    if (party.agentId !== undefined) {
      const engaged = this.acd.queues.agent(party.agentId).engaged;
      if (engaged?.callId !== live.callId) throw illegal(`Agent ${party.agentId} is not on this consultation`, { agentId: party.agentId });
      this.markTransferred(live, agentId, `agent:${party.agentId}`, 'agent');
      this.acd.parties.detachOwner(live);
      live.ownerLeaving = true;
      // The consulted agent is engaged on this call: the core hands it over, the port connects them.
      this.acd.queues.transferToAgent(agentId, live.callId, party.agentId);
      return;
    }
    live.ownerLeaving = true;
    this.acd.queues.callEnded(live.callId);
    this.markTransferred(live, agentId, party.number ?? 'number', 'number');
    this.acd.parties.detachOwner(live);
    party.role = 'conference';
    await this.acd.parties.retrieve(live);
  }

  async cancelConsult(agentId: string): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    const party = this.consultParty(live);
    if (!party) throw illegal('No consultation to cancel', { agentId });
    this.acd.parties.hangUpParty(party);
  }

  /** Three-way call: the customer joins the agent and the consulted party. */
  async threeWay(agentId: string): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    const party = this.consultParty(live);
    if (!party?.connected) throw illegal('No consultation is connected to join', { agentId });
    party.role = 'conference';
    await this.acd.parties.retrieve(live);
    this.acd.publisher.emitDesk(agentId, 'party_joined', { callId: live.callId, role: 'conference', agentId: party.agentId ?? null, number: party.number ?? null });
  }

  /** Brings another party into the call: everyone hears everyone. */
  async conference(agentId: string, target: PartyTarget): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    if (this.consultParty(live) || live.consultPending) throw illegal('Finish the consultation first', { agentId });
    if (live.held) await this.acd.parties.retrieve(live);
    if ('agentId' in target) {
      const other = this.acd.config.agentRecord(target.agentId);
      if (target.agentId === agentId || live.parties.has(`agent:${other.id}`)) throw illegal(`Agent ${target.agentId} is already on the call`, { agentId: target.agentId });
      this.acd.queues.engage(target.agentId, { purpose: 'conference', callId: live.callId, actor: { kind: 'system' } });
      this.acd.work.background(
        this.acd.parties
          .addAgentParty(live, { key: `agent:${other.id}`, role: 'conference', agentId: other.id, mode: 'full', supervisorId: undefined }, other)
          .then((party) => this.partyAnswered(live, agentId, party, target)),
        'conference',
      );
      return;
    }
    checkNumber(target.number);
    this.acd.work.background(
      this.acd.parties.addOutsideParty(live, 'conference', target.number).then((party) => this.partyAnswered(live, agentId, party, target)),
      'conference',
    );
  }

  /** 代接: take a call ringing at another seat (named by the call or by the ringing agent). */
  async pickUp(agentId: string, from: { callId: string } | { agentId: string }): Promise<string> {
    this.acd.config.agentRecord(agentId);
    let live: LiveCall | undefined;
    if ('callId' in from) {
      live = this.acd.calls.get(from.callId);
      if (!live) throw new AcdError('acd_unknown_call', `Unknown call ${from.callId}`, { callId: from.callId });
    } else {
      this.acd.config.agentRecord(from.agentId);
      live = this.acd.calls.ringingCall(from.agentId);
      if (!live) throw illegal(`Nothing is ringing at agent ${from.agentId}`, { agentId: from.agentId });
    }
    this.acd.queues.pickUp(agentId, live.callId);
    return live.callId;
  }

  /** Hands the customer to the satisfaction survey; the agent is done with the call. */
  async survey(agentId: string): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    if (this.consultParty(live)) throw illegal('Finish the consultation first', { agentId });
    live.ownerLeaving = true;
    try {
      this.acd.queues.agentHungUp(live.callId, agentId);
    } catch (err) {
      live.ownerLeaving = false;
      throw err;
    }
    this.acd.parties.detachOwner(live);
    for (const party of [...live.parties.values()]) this.acd.parties.hangUpParty(party);
    this.acd.work.background(this.acd.connections.survey(live, agentId), 'survey');
  }

  private consultParty(live: LiveCall): Party | undefined {
    for (const party of live.parties.values()) if (party.role === 'consult') return party;
    return undefined;
  }

  /** A consulted or conferenced party answered (or did not). */
  private async partyAnswered(live: LiveCall, agentId: string, party: Party | undefined, target: PartyTarget): Promise<void> {
    if (!party) {
      if ('agentId' in target) this.acd.work.tell(() => this.acd.queues.disengage(target.agentId, { kind: 'system' }));
      if (live.owner?.agentId === agentId && live.held && ![...live.parties.values()].some((p) => p.role === 'consult')) await this.acd.parties.retrieve(live);
      this.acd.publisher.emitDesk(agentId, 'dial_failed', { callId: live.callId, ...target });
      return;
    }
    if (live.owner?.agentId !== agentId || live.customerGone) {
      this.acd.parties.hangUpParty(party);
      return;
    }
    const channel = party.leg?.channel ?? party.outside?.channel;
    if (channel) await live.join(channel);
    this.acd.publisher.emitDesk(agentId, 'party_joined', { callId: live.callId, role: party.role, agentId: party.agentId ?? null, number: party.number ?? null });
    if (party.agentId !== undefined) this.acd.publisher.emitDesk(party.agentId, 'connected', { callId: live.callId, role: party.role, callingNumber: live.calling });
  }

  /** After a blind transfer to a number: ring it; if nobody answers, back to the queue with the same place. */
  private async connectOutside(live: LiveCall, number: string): Promise<void> {
    const party = await this.acd.parties.addOutsideParty(live, 'conference', number);
    if (party?.outside) {
      await this.acd.parties.retrieve(live);
      await live.join(party.outside.channel);
      return;
    }
    if (live.customerGone || !live.entry) {
      this.acd.calls.finish(live);
      return;
    }
    try {
      // Back into the queue it was last in, with its first entry time: its place in line.
      this.acd.queues.callerEntered({ ...live.entry, queueId: live.queueId });
    } catch (err) {
      this.logger.warn({ err }, 'could not put the call back in its queue');
      this.acd.calls.finish(live);
    }
  }

  private markTransferred(live: LiveCall, agentId: string, target: string, kind: 'agent' | 'queue' | 'number'): void {
    const legId = live.legId;
    if (legId) this.acd.work.cdrStage(() => this.acd.deps.records.cdr.transferred(legId, { target: target.slice(0, 64), at: this.acd.now() }));
    live.customer?.note({ type: 'transfer', to: target, kind });
    this.acd.publisher.publishCall('call.transferred', live, agentId);
    this.acd.publisher.emitDesk(agentId, 'transferred', { callId: live.callId, to: target });
  }
}
