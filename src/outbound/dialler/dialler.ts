/**
 * The dialler: one CampaignRunner per running campaign. At start it closes the attempts a
 * crash left in flight (see attempt-ledger.ts) and picks up every running campaign where it
 * was; the routes tell it of state and settings changes and of new numbers. At shutdown it
 * stops dialling first, then waits for the calls up to be recorded. With a lease, only the
 * server holding it dials (and recovers): the others wait to take it over.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { campaignsRepo, type Campaign } from '../store/campaigns-repo.js';
import type { AttemptLedger } from './attempt-ledger.js';
import { DiallerLease } from './dialler-lease.js';
import { CampaignRunner, type CampaignRunnerDeps } from './campaign-runner.js';
import type { LiveFigures } from './campaign-progress.js';

export interface DiallerDeps extends Omit<CampaignRunnerDeps, 'changed'> {
  ledger: AttemptLedger;
  logger: Logger;
  db: () => Knex;
  /** A campaign's progress changed; `now`: a change of state, published at once. */
  changed(tenantId: string, campaignId: string, options?: { now?: boolean }): void;
  /** One dialler per database: this server's name for the lease, and its time to live. */
  lease?: { holder: string; ttlMs: number };
}

export class Dialler {
  private readonly runners = new Map<string, { runner: CampaignRunner; tenantId: string }>();
  private stopped = false;
  private readonly lease: DiallerLease | undefined;

  constructor(private readonly deps: DiallerDeps) {
    this.lease = deps.lease
      ? new DiallerLease({ db: deps.db, ...deps.lease, logger: deps.logger, gained: () => this.takeOver(), lost: () => this.standDown() })
      : undefined;
  }

  /** Whether this server dials (holds the lease, or needs none). */
  get dialling(): boolean {
    return !this.stopped && (this.lease?.holding ?? true);
  }

  async start(): Promise<void> {
    if (this.lease) await this.lease.start();
    else await this.takeOver();
  }

  /** Becomes the dialler: closes what a crash left in flight, picks up the running campaigns. */
  private async takeOver(): Promise<void> {
    if (this.stopped) return;
    const closed = await this.deps.ledger.recover(this.deps.dial.clock.wallTime());
    if (closed > 0) this.deps.logger.warn({ attempts: closed }, 'attempts in flight at the last stop closed as interrupted');
    for (const campaign of await campaignsRepo.inStates(this.deps.db(), ['running'])) this.campaignChanged(campaign);
  }

  /** Another server took the lease: no new dials here; calls up end normally. */
  private standDown(): void {
    for (const [id, entry] of this.runners) {
      void entry.runner.close().then(() => {
        if (this.runners.get(id) === entry) this.runners.delete(id);
      });
    }
  }

  /** A campaign's state or settings changed (after the change is stored). */
  campaignChanged(campaign: Campaign): void {
    if (!this.dialling) {
      this.deps.changed(campaign.tenantId, campaign.id, { now: true });
      return;
    }
    const entry = this.runners.get(campaign.id);
    if (campaign.state === 'running') {
      if (entry) entry.runner.update(campaign);
      else {
        const runner = new CampaignRunner(campaign, { ...this.deps, changed: (id) => this.deps.changed(campaign.tenantId, id) });
        this.runners.set(campaign.id, { runner, tenantId: campaign.tenantId });
        runner.poke();
      }
    } else if (entry) {
      entry.runner.update(campaign);
      if (campaign.state === 'stopped' || campaign.state === 'draft') {
        // Kept until its calls have ended: the progress shows them.
        void entry.runner.close().then(() => {
          if (this.runners.get(campaign.id) === entry) this.runners.delete(campaign.id);
        });
      }
    }
    this.deps.changed(campaign.tenantId, campaign.id, { now: true });
  }

  /** Numbers were added to the campaign, or agents came free: look now. */
  poke(campaignId: string): void {
    this.runners.get(campaignId)?.runner.poke();
  }

  /** The runner of a running campaign (the preview desk dials through it). */
  runner(campaignId: string): CampaignRunner | undefined {
    return this.dialling ? this.runners.get(campaignId)?.runner : undefined;
  }

  live(campaignId: string): LiveFigures | undefined {
    const runner = this.runners.get(campaignId)?.runner;
    return runner ? { linesInUse: runner.linesInUse, occupancyPct: runner.measure.occupancyPct() } : undefined;
  }

  /** No new dials from now on (shutdown's first step). */
  stopDialling(): void {
    this.stopped = true;
    for (const { runner } of this.runners.values()) void runner.close();
  }

  /** Waits for the calls that were up to be recorded. */
  async settled(): Promise<void> {
    await Promise.all([...this.runners.values()].map(({ runner }) => runner.close()));
    // Given up only now: another server takes over without these calls counted twice.
    await this.lease?.stop();
  }
}
