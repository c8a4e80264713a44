/**
 * The tenant's customer calls in the ACD, by call id: which call an agent owns or is rung for,
 * the callback numbers of their offers, and the end of a call for the ACD (`finish`).
 */
import type { QueueOutcome } from '../../telephony/ports.js';
import { AcdError } from '../errors.js';
import type { QueueService } from '../queue-service.js';
import type { LiveCall } from './live-call.js';
import type { PhoneLeg } from './phones.js';
import type { TenantConfig } from './tenant-config.js';

export class LiveCalls {
  /** Callback numbers of offers, by call. */
  readonly callbackNumbers = new Map<string, string>();
  private readonly calls = new Map<string, LiveCall>();

  constructor(
    private readonly queues: QueueService,
    private readonly config: Pick<TenantConfig, 'agentRecord'>,
  ) {}

  get size(): number {
    return this.calls.size;
  }

  has(callId: string): boolean {
    return this.calls.has(callId);
  }

  get(callId: string): LiveCall | undefined {
    return this.calls.get(callId);
  }

  set(live: LiveCall): void {
    this.calls.set(live.callId, live);
  }

  delete(callId: string): void {
    this.calls.delete(callId);
  }

  values(): IterableIterator<LiveCall> {
    return this.calls.values();
  }

  /** Whether a call not yet settled is in the queue. */
  hasLiveCallIn(queueId: string): boolean {
    return [...this.calls.values()].some((c) => c.queueId === queueId && !c.settled);
  }

  /** The live call an agent has (is the owner of); acd_illegal_state if none. */
  ownedCall(agentId: string): LiveCall {
    this.config.agentRecord(agentId);
    for (const live of this.calls.values()) if (live.owner?.agentId === agentId && !live.customerGone) return live;
    throw new AcdError('acd_illegal_state', `Agent ${agentId} has no call`, { agentId, state: this.queues.agent(agentId).state });
  }

  /** The call an agent's phone is ringing for, if any. */
  ringingCall(agentId: string): LiveCall | undefined {
    for (const live of this.calls.values()) if (live.offers.has(agentId)) return live;
    return undefined;
  }

  /** The agent's phone leg on another call (one being released), if any. */
  ownerLegOf(agentId: string, except: LiveCall): PhoneLeg | undefined {
    for (const other of this.calls.values()) if (other !== except && other.owner?.agentId === agentId) return other.owner.leg;
    return undefined;
  }

  /** The call is over for the ACD: the outcome to the enqueue caller, the conference freed. */
  finish(live: LiveCall, outcome?: QueueOutcome): void {
    if (this.calls.get(live.callId) === live) this.calls.delete(live.callId);
    this.callbackNumbers.delete(live.callId);
    live.media?.stop();
    void live.dissolve();
    live.settle(outcome ?? (live.lastAgentId !== undefined ? { kind: 'connected', agentId: live.lastAgentId } : { kind: 'abandoned' }));
  }
}
