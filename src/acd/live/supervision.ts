/**
 * The supervisor (班长) on live calls: listen to an agent's call (heard by no one), whisper to
 * the agent (heard by the agent only), barge in (heard by both: whisper → full), and force
 * release (强拆: the call is cleared). The supervisor listens on a seat: the phone of an agent
 * record (their own, usually), rung when monitoring starts; if that seat is signed in to the ACD
 * it is busy meanwhile.
 *
 * A monitor ends when the supervisor hangs up, stops it, or the monitored agent leaves the call.
 */
import type { MemberMode } from '../../../bindings/index.js';
import { AcdError } from '../errors.js';
import { LiveAcdError } from './errors.js';
import type { DeskCalls } from './desk-calls.js';
import type { LiveCall, Party } from './live-call.js';
import type { TenantAcd } from './tenant-acd.js';

export type MonitorMode = 'listen' | 'whisper' | 'barge';

function memberMode(mode: MonitorMode): MemberMode {
  return mode === 'barge' ? 'full' : mode;
}

export interface MonitorView {
  supervisorId: string;
  seatAgentId: string;
  agentId: string;
  callId: string;
  mode: MonitorMode;
  connected: boolean;
}

export class Supervision {
  constructor(
    private readonly acd: Pick<TenantAcd, 'queues' | 'calls' | 'config' | 'parties' | 'work'>,
    private readonly deskCalls: DeskCalls,
  ) {}

  /** Starts monitoring an agent's call from a seat; resolves once the seat's phone rings. */
  async monitor(supervisorId: string, seatAgentId: string, agentId: string, mode: MonitorMode): Promise<void> {
    const live = this.acd.calls.ownedCall(agentId);
    const seat = this.acd.config.agentRecord(seatAgentId);
    if (seatAgentId === agentId) throw new AcdError('acd_illegal_state', 'A supervisor cannot monitor their own seat', { agentId });
    if (this.find(supervisorId)) throw new AcdError('acd_illegal_state', 'Already monitoring a call; stop that first', { supervisorId });
    const seatState = this.acd.queues.agent(seatAgentId).state;
    if (seatState !== 'signed_out') this.acd.queues.engage(seatAgentId, { purpose: 'monitor', actor: { kind: 'supervisor', id: supervisorId } });
    const party = await this.acd.parties.addAgentParty(
      live,
      { key: `monitor:${supervisorId}`, role: 'monitor', agentId: seatAgentId, mode: memberMode(mode), supervisorId },
      seat,
    );
    if (!party) {
      if (seatState !== 'signed_out') this.acd.work.tell(() => this.acd.queues.disengage(seatAgentId, { kind: 'system' }));
      throw new LiveAcdError('acd_dial_failed', `the seat ${seatAgentId} did not answer`);
    }
    await this.place(live, party);
  }

  /** Changes the mode: listen, whisper, or barge in. */
  async setMode(supervisorId: string, mode: MonitorMode): Promise<void> {
    const found = this.find(supervisorId);
    if (!found) throw new AcdError('acd_illegal_state', 'Not monitoring any call', { supervisorId });
    found.party.mode = memberMode(mode);
    await this.place(found.live, found.party);
  }

  async stop(supervisorId: string): Promise<void> {
    const found = this.find(supervisorId);
    if (!found) throw new AcdError('acd_illegal_state', 'Not monitoring any call', { supervisorId });
    this.acd.parties.hangUpParty(found.party);
  }

  /** 强拆: clears the agent's call (or desk call, or ringing offer). */
  async forceRelease(agentId: string): Promise<void> {
    this.acd.config.agentRecord(agentId);
    for (const live of this.acd.calls.values()) {
      if (live.owner?.agentId === agentId && live.customer && !live.customerGone) {
        await live.customer.hangUp();
        return;
      }
    }
    const desk = this.deskCalls.of(agentId);
    if (desk) {
      this.deskCalls.hangUp(desk);
      return;
    }
    const ringing = this.acd.calls.ringingCall(agentId);
    const leg = ringing?.offers.get(agentId)?.leg;
    if (leg) {
      await leg.hangUp();
      return;
    }
    throw new AcdError('acd_illegal_state', `Agent ${agentId} has no call to release`, { agentId, state: this.acd.queues.agent(agentId).state });
  }

  monitors(): MonitorView[] {
    const out: MonitorView[] = [];
    for (const live of this.acd.calls.values()) {
      for (const party of live.parties.values()) {
        if (party.role !== 'monitor' || party.supervisorId === undefined || !live.owner) continue;
        out.push({
          supervisorId: party.supervisorId,
          seatAgentId: party.agentId ?? '',
          agentId: live.owner.agentId,
          callId: live.callId,
          mode: party.mode === 'full' ? 'barge' : party.mode,
          connected: party.connected,
        });
      }
    }
    return out;
  }

  private find(supervisorId: string): { live: LiveCall; party: Party } | undefined {
    for (const live of this.acd.calls.values()) {
      const party = live.parties.get(`monitor:${supervisorId}`);
      if (party) return { live, party };
    }
    return undefined;
  }

  private async place(live: LiveCall, party: Party): Promise<void> {
    const owner = live.owner;
    const channel = party.leg?.channel;
    if (!owner || !channel || !party.connected) return;
    await live.join(channel, party.mode, party.mode === 'whisper' ? owner.leg.channel : undefined);
  }
}
