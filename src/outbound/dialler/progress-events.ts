/**
 * `outbound.progress` on the live event stream: a campaign's progress, at most once a second
 * per campaign (engine time) and at once on a change of state. Seen by whoever may read the
 * tenant's campaigns (events/visibility.ts).
 */
import type { EngineClock } from '../../../bindings/index.js';
import type { EventBus } from '../../events/bus.js';
import type { CampaignProgress } from './campaign-progress.js';

export interface OutboundProgressEvent extends CampaignProgress {
  type: 'outbound.progress';
  tenantId: string;
  at: string;
  campaignId: string;
  name: string;
}

declare module '../../events/types.js' {
  interface ModuleEvents {
    outbound: OutboundProgressEvent;
  }
}

const MIN_GAP_MS = 1000;

export class ProgressPublisher {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, () => void>();

  constructor(
    private readonly bus: EventBus,
    private readonly clock: () => EngineClock | undefined,
    /** Reads the campaign's progress now (undefined when the campaign is gone). */
    private readonly read: (tenantId: string, campaignId: string) => Promise<{ name: string; progress: CampaignProgress } | undefined>,
  ) {}

  /** Something changed: publish now if a second has passed, else once at the end of that second. */
  changed(tenantId: string, campaignId: string, options: { now?: boolean } = {}): void {
    const clock = this.clock();
    const now = clock?.now() ?? Date.now();
    const last = this.last.get(campaignId);
    if (options.now || last === undefined || now - last >= MIN_GAP_MS) {
      this.pending.get(campaignId)?.();
      this.pending.delete(campaignId);
      this.last.set(campaignId, now);
      void this.publish(tenantId, campaignId);
      return;
    }
    if (this.pending.has(campaignId)) return;
    const fire = () => {
      this.pending.delete(campaignId);
      this.last.set(campaignId, clock?.now() ?? Date.now());
      void this.publish(tenantId, campaignId);
    };
    const delay = last + MIN_GAP_MS - now;
    if (clock) this.pending.set(campaignId, clock.setTimeout(fire, delay));
    else {
      const t = setTimeout(fire, delay);
      this.pending.set(campaignId, () => clearTimeout(t));
    }
  }

  close(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }

  private async publish(tenantId: string, campaignId: string): Promise<void> {
    const read = await this.read(tenantId, campaignId).catch(() => undefined);
    if (!read) return;
    const at = (this.clock()?.wallTime() ?? new Date()).toISOString();
    this.bus.publish({ type: 'outbound.progress', tenantId, at, campaignId, name: read.name, ...read.progress });
  }
}
