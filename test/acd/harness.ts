/**
 * Test fixture for the queue service: a virtual clock, a fake port that records every
 * command, and in-memory sinks.
 */
import type {
  AcdPort,
  AgentServiceLogEntry,
  AllBusyWaitEntry,
  CallerAnnouncement,
  CancelReason,
  OfferDetails,
  QueueCallRecord,
} from '../../src/acd/ports.js';
import { QueueService, type QueueServiceOptions } from '../../src/acd/queue-service.js';
import type { AgentProfileInput, QueueConfigInput } from '../../src/acd/model.js';
import { ManualScheduler } from './manual-scheduler.js';

export type PortCommand =
  | { op: 'offer'; callId: string; agentId: string; offer: OfferDetails }
  | { op: 'cancel'; callId: string; agentId: string; reason: CancelReason }
  | { op: 'play'; callId: string; what: CallerAnnouncement }
  | { op: 'voicemail'; callId: string; queueId: string }
  | { op: 'ivr'; callId: string; queueId: string }
  | { op: 'moved'; callId: string; from: string; to: string };

export class FakePort implements AcdPort {
  readonly commands: PortCommand[] = [];

  offerCallToAgent(callId: string, agentId: string, offer: OfferDetails): void {
    this.commands.push({ op: 'offer', callId, agentId, offer });
  }
  cancelOffer(callId: string, agentId: string, reason: CancelReason): void {
    this.commands.push({ op: 'cancel', callId, agentId, reason });
  }
  playToCaller(callId: string, what: CallerAnnouncement): void {
    this.commands.push({ op: 'play', callId, what });
  }
  sendToVoicemail(callId: string, queueId: string): void {
    this.commands.push({ op: 'voicemail', callId, queueId });
  }
  returnToIvr(callId: string, queueId: string): void {
    this.commands.push({ op: 'ivr', callId, queueId });
  }
  callerMoved(callId: string, from: string, to: string): void {
    this.commands.push({ op: 'moved', callId, from, to });
  }

  offers(callId?: string): Array<{ callId: string; agentId: string; offer: OfferDetails }> {
    return this.commands.flatMap((c) => (c.op === 'offer' && (callId === undefined || c.callId === callId) ? [c] : []));
  }

  /** Agent ids offered a call, in order. */
  offeredAgents(callId: string): string[] {
    return this.offers(callId).map((o) => o.agentId);
  }

  lastOffer(): { callId: string; agentId: string } | undefined {
    const all = this.offers();
    return all[all.length - 1];
  }

  clear(): void {
    this.commands.length = 0;
  }
}

export interface Fixture {
  service: QueueService;
  clock: ManualScheduler;
  port: FakePort;
  agentLog: AgentServiceLogEntry[];
  waitLog: AllBusyWaitEntry[];
  records: QueueCallRecord[];
}

export function fixture(options: Partial<QueueServiceOptions> & { startAt?: number } = {}): Fixture {
  const clock = new ManualScheduler(options.startAt);
  const port = new FakePort();
  const agentLog: AgentServiceLogEntry[] = [];
  const waitLog: AllBusyWaitEntry[] = [];
  const records: QueueCallRecord[] = [];
  const service = new QueueService({
    scheduler: clock,
    port,
    agentLog: { write: (e) => agentLog.push(e) },
    waitLog: { write: (e) => waitLog.push(e) },
    callRecords: { write: (r) => records.push(r) },
    notHungUpAfterS: 0,
    ...options,
  });
  return { service, clock, port, agentLog, waitLog, records };
}

/** A queue with quiet defaults: no announcements, no wrap-up, long ring timeout. */
export function queue(id: string, extra: Partial<QueueConfigInput> = {}): QueueConfigInput {
  return { id, name: id, wrapUpS: 0, ringTimeoutS: 20, announce: { onEntry: false, everyS: 0 }, ...extra };
}

export function agent(id: string, queues: string[] | AgentProfileInput['queues'], extra: Partial<AgentProfileInput> = {}): AgentProfileInput {
  const memberships = (queues ?? []).map((q) => (typeof q === 'string' ? { queueId: q } : q));
  return { id, name: id, extension: `8${id.replace(/\D/g, '').padStart(3, '0')}`, queues: memberships, ...extra };
}

/** Runs a whole call: enter, answer by whoever is offered, talk, hang up. Returns the agent. */
export function serveCall(f: Fixture, callId: string, queueId: string, talkS: number): string {
  f.service.callerEntered({ callId, queueId });
  const offered = f.port.offeredAgents(callId);
  const agentId = offered[offered.length - 1];
  if (agentId === undefined) throw new Error(`call ${callId} was not offered`);
  f.service.agentAnswered(callId, agentId);
  f.clock.advanceBy(talkS * 1000);
  f.service.agentHungUp(callId, agentId);
  return agentId;
}
