/**
 * The QueuePort of one tenant: a caller enters the ACD (answered, CDR stage, call.queued, music,
 * keys while waiting) and `enqueue` resolves with the outcome once the ACD is done with them.
 * Also what happens when the customer's line goes away.
 */
import type { RecordsService } from '../../records/service.js';
import type { CallRecorder } from '../recording/call-recorder.js';
import type { CallSession } from '../../telephony/call-session.js';
import type { CallContext } from '../../telephony/handlers.js';
import type { QueueOutcome, QueueRequest } from '../../telephony/ports.js';
import { isAcdError } from '../errors.js';
import type { CallerEntryInput } from '../model.js';
import type { QueueService } from '../queue-service.js';
import type { BackgroundWork, CardLine } from './background-work.js';
import { CallerMedia } from './caller-media.js';
import { LiveCall } from './live-call.js';
import { releasePreviewReservation } from './preview-reservation.js';
import type { LiveCalls } from './live-calls.js';
import type { PartyManager } from './party-manager.js';
import type { TenantConfig } from './tenant-config.js';
import type { TenantPublisher } from './tenant-publisher.js';

export interface EntranceDeps {
  records: RecordsService;
  recorder: CallRecorder;
  music: (musicClass: string) => string;
}

export class QueueEntrance {
  constructor(
    private readonly deps: EntranceDeps,
    private readonly line: CardLine,
    private readonly now: () => number,
    private readonly queues: QueueService,
    private readonly calls: LiveCalls,
    private readonly config: Pick<TenantConfig, 'resolveQueue' | 'hasQueue' | 'findQueue'>,
    private readonly parties: Pick<PartyManager, 'hangUpParty'>,
    private readonly publisher: Pick<TenantPublisher, 'publishCall'>,
    private readonly work: BackgroundWork,
  ) {}

  async enqueue(ctx: CallContext, request: QueueRequest): Promise<QueueOutcome> {
    const session = ctx.session;
    const selection = this.config.resolveQueue(request.queue, session.calling, session.called);
    if (!selection || !this.config.hasQueue(selection.queueId)) return { kind: 'unavailable', reason: `no queue or entry point "${request.queue}"` };
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
    const live = new LiveCall(this.line.card, session.id, session, ctx, ctx.legId, selection.queueId, request.data);
    live.media = new CallerMedia(session, this.deps.music);
    live.recordedElsewhere = request.recordedElsewhere === true || request.notRecorded === true;
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
      ...(request.agentId === undefined ? {} : { onlyAgent: request.agentId }),
    };
    live.entry = entry;
    this.calls.set(live);
    this.work.cdrStage(() => this.deps.records.cdr.queued(ctx.legId, { queue: selection.queueId, at: this.now() }));
    this.publisher.publishCall('call.queued', live);
    const keys = session.keys$.subscribe((key) => this.callerKey(live, key));
    this.work.background(session.released.then(() => this.customerLeft(live, session)), 'customer release');
    try {
      this.queues.callerEntered(entry);
    } catch (err) {
      keys.unsubscribe();
      this.calls.delete(live.callId);
      live.media.stop();
      return { kind: 'unavailable', reason: (err as Error).message };
    }
    // The agent reserved for this call becomes free for it now that it waits for them alone.
    if (request.agentId !== undefined) releasePreviewReservation(this.queues, request.agentId);
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
    const keys = this.config.findQueue(live.queueId)?.settings.keys;
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
  customerLeft(live: LiveCall, session: CallSession): void {
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
    for (const party of live.parties.values()) this.parties.hangUpParty(party);
    if (live.owner) {
      // Its release tells the core the agent's phone is back on hook.
      void live.owner.leg.hangUp();
    } else {
      this.calls.finish(live);
    }
  }
}
