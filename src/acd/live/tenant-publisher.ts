/**
 * What the live ACD tells others: the bus (agent.state, queue.summary when it changes, call
 * events) and each agent's desk stream (state, offers, the screen pop, call events).
 */
import { Subject } from 'rxjs';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventBus } from '../../events/bus.js';
import type { CallEvent, CallEventType } from '../../events/types.js';
import type { OfferDetails } from '../ports.js';
import type { QueueService } from '../queue-service.js';
import type { DeskEvent } from './desk-events.js';
import type { LiveCall } from './live-call.js';
import { buildScreenPop, type ProfileSource } from './screen-pop.js';

export interface PublisherDeps {
  bus: EventBus;
  db: Knex;
  logger: Logger;
  profiles: () => ProfileSource | undefined;
}

export class TenantPublisher {
  readonly desk$ = new Subject<DeskEvent>();
  /** The last queue.summary published per queue, so that only changes go out. */
  private readonly summaries = new Map<string, string>();

  constructor(
    private readonly tenantId: string,
    private readonly deps: PublisherDeps,
    private readonly queues: QueueService,
    private readonly now: () => number,
  ) {}

  forgetSummary(queueId: string): void {
    this.summaries.delete(queueId);
  }

  publishAgentState(agentId: string, state: string, reason: string | undefined): void {
    const at = new Date(this.now()).toISOString();
    this.deps.bus.publish({ type: 'agent.state', tenantId: this.tenantId, at, agentId, state, reason: reason ?? null });
    this.desk$.next({ type: 'state', agentId, at, state, reason: reason ?? null });
  }

  publishSummary(queueId: string): void {
    let view;
    try {
      view = this.queues.queue(queueId);
    } catch {
      return;
    }
    const now = this.now();
    const summary = {
      queue: queueId,
      waiting: view.waiting + view.callbacks,
      longestWaitMs: view.oldestWaitingSince === undefined ? 0 : Math.max(0, now - view.oldestWaitingSince),
      agentsAvailable: view.available,
      agentsBusy: Math.max(0, view.staffed - view.available),
    };
    const key = `${summary.waiting}/${summary.agentsAvailable}/${summary.agentsBusy}`;
    if (this.summaries.get(queueId) === key) return;
    this.summaries.set(queueId, key);
    this.deps.bus.publish({ type: 'queue.summary', tenantId: this.tenantId, at: new Date(now).toISOString(), ...summary });
  }

  publishCall(type: CallEventType, live: LiveCall, agentId?: string): void {
    const event: CallEvent = {
      type,
      tenantId: this.tenantId,
      at: new Date(this.now()).toISOString(),
      legId: live.legId ?? live.callId,
      callId: live.callId,
      calling: live.calling || null,
      called: live.customer?.called || null,
      queue: live.queueId,
      agentId: agentId ?? null,
    };
    this.deps.bus.publish(event);
  }

  emitDesk(agentId: string, type: DeskEvent['type'], fields: Record<string, unknown> = {}): void {
    this.desk$.next({ ...fields, type, agentId, at: new Date(this.now()).toISOString() });
  }

  deskOffer(live: LiveCall, agentId: string, offer: OfferDetails): void {
    this.emitDesk(agentId, 'offer', {
      callId: live.callId,
      queueId: offer.queueId,
      kind: offer.kind,
      callingNumber: offer.callingNumber,
      priority: offer.priority,
      ringTimeoutS: offer.ringTimeoutS,
    });
    void buildScreenPop({
      db: this.deps.db,
      tenantId: this.tenantId,
      legId: live.legId,
      callingNumber: offer.callingNumber,
      ivrData: live.data,
      profiles: this.deps.profiles(),
      timeoutMs: 2000,
    })
      .then((pop) => this.emitDesk(agentId, 'screen_pop', { callId: live.callId, ...pop }))
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'screen pop'));
  }

  dispose(): void {
    this.desk$.complete();
  }
}
