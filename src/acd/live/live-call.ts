/**
 * One customer's call while the ACD has it: from entering a queue until it goes back to the
 * IVR, to voicemail, or ends. It owns the audio: the customer's session (or none while a
 * callback waits), the phone legs ringing at agents' seats, the agent who has the call, the
 * other parties (a consulted or conferenced agent, an outside number, a supervisor) and the one
 * conference on the card that joins them.
 *
 * Conference membership is kept here so that adding or removing a channel twice is harmless,
 * and so that exactly the parties that should hear each other are in it (the customer is taken
 * out while on hold and hears music instead).
 */
import type { Card, Channel, Conference, MemberMode } from '../../../bindings/index.js';
import type { CallSession } from '../../telephony/call-session.js';
import type { CallerEntryInput } from '../model.js';
import type { CallContext } from '../../telephony/handlers.js';
import type { QueueOutcome } from '../../telephony/ports.js';
import type { CallerMedia } from './caller-media.js';
import type { PhoneLeg } from './phones.js';

export type PartyRole = 'consult' | 'conference' | 'monitor';

/** A party beside the customer and the agent who has the call. */
export interface Party {
  readonly key: string;
  role: PartyRole;
  /** An agent's (or supervisor's seat) phone, or an outside number's call. */
  readonly agentId: string | undefined;
  readonly number: string | undefined;
  readonly leg: PhoneLeg | undefined;
  readonly outside: CallSession | undefined;
  /** For monitors: listen, whisper (to the agent), full (barged in). */
  mode: MemberMode;
  /** The supervisor (operator id) behind a monitor. */
  readonly supervisorId: string | undefined;
  connected: boolean;
}

export function partyChannel(party: Party): Channel | undefined {
  if (party.leg) return party.leg.channel;
  return party.outside?.channel;
}

export interface Owner {
  readonly agentId: string;
  readonly leg: PhoneLeg;
}

export class LiveCall {
  /** Agents whose phones ring for this call, and their legs once dialled. */
  readonly offers = new Map<string, { leg: PhoneLeg | undefined; kind: string }>();
  readonly parties = new Map<string, Party>();
  owner: Owner | undefined;
  /** The last agent who had the call (for the outcome). */
  lastAgentId: string | undefined;
  held = false;
  /** The customer's line is gone. */
  customerGone = false;
  /** A callback request keeps the call in the ACD after the customer leaves the line. */
  callbackPending = false;
  /** Handed back to the IVR or voicemail, or over: no more port commands apply. */
  settled = false;
  /** An action of ours is moving the call (transfer, survey): the owner's hang-up is expected. */
  ownerLeaving = false;
  /** A consultation is being dialled. */
  consultPending = false;
  media: CallerMedia | undefined;
  recordingId: string | undefined;
  /** Recorded by whoever queued it, or not to be recorded at all (QueueRequest.recordedElsewhere, notRecorded): no agent recording. */
  recordedElsewhere = false;
  /** How the call entered the ACD, to enter it again with its place (a failed transfer out). */
  entry: CallerEntryInput | undefined;
  private conference: Conference | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly members = new Map<string, MemberMode>();
  private resolveOutcome!: (outcome: QueueOutcome) => void;
  readonly outcome: Promise<QueueOutcome>;

  constructor(
    private readonly card: Card,
    readonly callId: string,
    public customer: CallSession | undefined,
    public ctx: CallContext | undefined,
    public legId: string | undefined,
    public queueId: string,
    readonly data: Readonly<Record<string, string>>,
  ) {
    this.outcome = new Promise((resolve) => {
      this.resolveOutcome = resolve;
    });
  }

  get lang(): 'zh' | 'en' {
    return this.customer?.lang ?? 'zh';
  }

  get calling(): string {
    return this.customer?.calling ?? '';
  }

  /** Hands the outcome to whoever called enqueue(); later calls do nothing. */
  settle(outcome: QueueOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveOutcome(outcome);
  }

  /**
   * Puts a channel in the call's conference (created on first use) in a mode. Membership
   * changes run one after the other, in the order asked for (a hold right after an answer
   * takes the customer out after the bridge was made, not before).
   */
  join(channel: Channel, mode: MemberMode = 'full', target?: Channel): Promise<void> {
    return this.serial(async () => {
      const key = `${channel.span}/${channel.number}`;
      const conference = await this.ensureConference();
      const current = this.members.get(key);
      if (current === mode && mode !== 'whisper') return;
      if (current === undefined) {
        this.members.set(key, mode);
        try {
          await conference.add(channel, mode, target);
        } catch (err) {
          this.members.delete(key);
          throw err;
        }
      } else {
        this.members.set(key, mode);
        await conference.setMode(channel, mode, target);
      }
    });
  }

  leave(channel: Channel): Promise<void> {
    return this.serial(async () => {
      const key = `${channel.span}/${channel.number}`;
      if (!this.members.has(key) || !this.conference) return;
      this.members.delete(key);
      await this.conference.remove(channel).catch(() => undefined);
    });
  }

  isMember(channel: Channel): boolean {
    return this.members.has(`${channel.span}/${channel.number}`);
  }

  /** Frees the conference (everyone out). */
  dissolve(): Promise<void> {
    return this.serial(async () => {
      const conference = this.conference;
      this.conference = undefined;
      this.members.clear();
      await conference?.destroy().catch(() => undefined);
    });
  }

  private serial(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(step);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async ensureConference(): Promise<Conference> {
    this.conference ??= await this.card.createConference();
    return this.conference;
  }
}
