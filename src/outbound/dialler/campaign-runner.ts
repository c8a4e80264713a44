/**
 * Dials one running campaign. Each pacing decision ("pump") happens when something changes —
 * the campaign starts or resumes, a call ends, a number falls due, a window opens — and every
 * second while calls are up or numbers are due. A pump places calls only inside the campaign's
 * calling hours, within its line cap and the free trunk channels, as many as its pacer says,
 * asking the dial guard right before each dial. Pause and stop take effect at once: no new
 * dial, calls up end normally. Time is engine time, so a free-running virtual card runs a
 * campaign fast.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { TenantCalendarPort } from '../../calendar/tenant-calendars.js';
import { Calendar } from '../../calendar/work-calendar.js';
import type { AgentPoolPort } from '../../telephony/outbound-call-ports.js';
import { modeNeedsAgents } from '../campaign-settings.js';
import type { DialGuard } from '../dial-guard.js';
import { createPacer } from '../pacing/create-pacer.js';
import type { Pacer, PacingSnapshot } from '../pacing/pacer.js';
import { campaignNumbersRepo, type CampaignNumber } from '../store/campaign-numbers-repo.js';
import type { Campaign } from '../store/campaigns-repo.js';
import type { AttemptLedger, BegunAttempt } from './attempt-ledger.js';
import { CallingHours } from './calling-hours.js';
import type { DialPort } from './dial-port.js';
import { runOutboundCall, type CallPhase, type OutboundCallDeps, type PhaseListener } from './outbound-call.js';
import { RollingMeasure } from './rolling-measure.js';

const POLL_MS = 1000;
/** When nothing is due, look again at least this often (numbers may be imported meanwhile). */
const IDLE_LOOK_MS = 30_000;

export interface CampaignRunnerDeps {
  db: () => Knex;
  dial: DialPort;
  guard: DialGuard;
  ledger: AttemptLedger;
  calendars: () => TenantCalendarPort | undefined;
  agentPool: () => AgentPoolPort | undefined;
  call: OutboundCallDeps;
  logger: Logger;
  /** Something the progress shows changed (a call placed or ended, the state). */
  changed(campaignId: string): void;
}

export class CampaignRunner {
  private readonly calls = new Map<string, CallPhase>();
  private readonly done = new Set<Promise<void>>();
  readonly measure = new RollingMeasure();
  private pacer: Pacer;
  private lastSnapshot: PacingSnapshot | undefined;
  /** The campaign queue's wrap-up: an agent's time on a call goes on this long after it ends. */
  private wrapUpMs = 0;
  private cancelTimer: (() => void) | undefined;
  private pumping = false;
  private again = false;
  private active = true;

  constructor(
    private campaign: Campaign,
    private readonly deps: CampaignRunnerDeps,
  ) {
    this.pacer = createPacer(campaign);
  }

  get id(): string {
    return this.campaign.id;
  }

  get linesInUse(): number {
    return this.calls.size;
  }

  /** New settings or state: a campaign that is no longer running places no new call from now on. */
  update(campaign: Campaign): void {
    const paceChanged = campaign.mode !== this.campaign.mode || campaign.ratio !== this.campaign.ratio || campaign.abandonCapPct !== this.campaign.abandonCapPct;
    this.campaign = campaign;
    if (paceChanged) this.pacer = createPacer(campaign);
    if (campaign.state !== 'running') this.idle();
    else this.poke();
  }

  /** Look now (a number was added, an agent came free). */
  poke(): void {
    if (!this.active || this.campaign.state !== 'running') return;
    this.wakeIn(0);
  }

  /** No new dials, ever; resolves when the calls up have ended. */
  async close(): Promise<void> {
    this.active = false;
    this.idle();
    await Promise.all([...this.done]);
  }

  private idle(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private wakeIn(ms: number): void {
    this.idle();
    this.cancelTimer = this.deps.dial.clock.setTimeout(() => {
      this.cancelTimer = undefined;
      void this.pump();
    }, Math.max(0, ms));
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        const next = await this.pumpOnce();
        if (next !== null && this.active && this.campaign.state === 'running' && !this.cancelTimer) this.wakeIn(next);
      } while (this.again && this.active && this.campaign.state === 'running');
    } catch (err) {
      this.deps.logger.error({ err: { message: (err as Error).message }, campaignId: this.campaign.id }, 'outbound pacing failed; trying again shortly');
      if (this.active && this.campaign.state === 'running') this.wakeIn(5 * POLL_MS);
    } finally {
      this.pumping = false;
    }
  }

  /** One pacing decision; returns when to look again (engine ms from now), or null. */
  private async pumpOnce(): Promise<number | null> {
    const campaign = this.campaign;
    if (!this.active || campaign.state !== 'running' || !campaign.onAnswer) return null;
    const release = this.deps.dial.hold();
    try {
      const hours = await this.callingHours(campaign);
      const now = this.deps.dial.clock.wallTime();
      if (!hours.isOpen(now.getTime())) {
        const opening = hours.nextOpening(now.getTime());
        return opening === null ? null : opening - now.getTime();
      }
      const today = hours.today(now.getTime());
      const db = this.deps.db();
      const numbersDue = await campaignNumbersRepo.countDue(db, campaign.id, now, today, campaign.maxAttemptsPerDay);
      const snapshot = this.snapshot(campaign, now.getTime(), numbersDue);
      this.lastSnapshot = snapshot;
      // Preview: agents dial through the desk (preview-desk.ts), the dialler never does on its own.
      const wanted = campaign.mode === 'preview' ? 0 : Math.min(this.pacer.callsToPlace(snapshot), snapshot.linesAvailable, numbersDue);
      if (wanted > 0) {
        const numbers = await campaignNumbersRepo.due(db, campaign.id, now, today, campaign.maxAttemptsPerDay, wanted);
        for (const number of numbers) {
          // Paused or stopped meanwhile: not one more.
          if (!this.active || this.campaign.state !== 'running') break;
          await this.place(this.campaign, number, today);
        }
      }
      if (numbersDue > wanted || this.calls.size > 0) return POLL_MS;
      const nextDue = await campaignNumbersRepo.nextDueAt(db, campaign.id, now);
      return Math.min(IDLE_LOOK_MS, nextDue ? nextDue.getTime() - now.getTime() : IDLE_LOOK_MS);
    } finally {
      release();
    }
  }

  private snapshot(campaign: Campaign, now: number, numbersDue: number): PacingSnapshot {
    const byAgents = modeNeedsAgents(campaign.mode) && campaign.onAnswer?.kind === 'agent';
    const agents = byAgents && campaign.onAnswer?.kind === 'agent' ? (this.deps.agentPool()?.agents(campaign.tenantId, campaign.onAnswer.queueId) ?? { free: 0, signedIn: 0 }) : { free: 0, signedIn: 0 };
    this.wrapUpMs = (agents.wrapUpS ?? 0) * 1000;
    if (byAgents) this.measure.sampleAgents(now, agents.signedIn - agents.free, agents.signedIn);
    const phases = [...this.calls.values()];
    const freeTrunkChannels = this.deps.dial.freeTrunkChannels();
    return {
      now,
      freeAgents: agents.free,
      signedInAgents: agents.signedIn,
      ringing: phases.filter((p) => p === 'ringing').length,
      waitingForAgent: phases.filter((p) => p === 'waiting_for_agent').length,
      // Calls still being classified are up and connected (the ratio modes count them so) and,
      // for the predictive pacer, may bring a person in a moment.
      connected: phases.filter((p) => p === 'connected' || p === 'classifying').length,
      classifying: phases.filter((p) => p === 'classifying').length,
      linesAvailable: Math.max(0, Math.min(campaign.maxLines - this.calls.size, freeTrunkChannels)),
      freeTrunkChannels,
      numbersDue,
      measured: this.measure.measured(now),
    };
  }

  /** The campaign's calling hours on the tenant's calendar (its time zone, holidays, make-up working days). */
  async callingHours(campaign: Campaign = this.campaign): Promise<CallingHours> {
    const days = await this.deps.calendars()?.days(campaign.tenantId).catch(() => undefined);
    const calendar = new Calendar({
      holidays: days?.holidays ?? [],
      workingWeekendDays: days?.workingDays ?? [],
      ...(days?.timeZone ? { timeZone: days.timeZone } : {}),
      ...(days?.weekend ? { weekend: days.weekend } : {}),
    });
    return new CallingHours(campaign.timeWindows, calendar, new Set(days?.workingDays ?? []));
  }

  /** Asks the guard, writes the attempt ahead, and lets the call run on its own. */
  private async place(campaign: Campaign, number: CampaignNumber, today: string): Promise<void> {
    const db = this.deps.db();
    const decision = await this.deps.guard.mayDial(campaign.tenantId, number.phone);
    if (!decision.allowed) {
      await campaignNumbersRepo.settle(db, number.id, decision.reason, null);
      this.deps.logger.info({ campaignId: campaign.id, numberId: number.id, reason: decision.reason }, 'number not dialled');
      return;
    }
    const attempt = await this.deps.ledger.begin({ tenantId: campaign.tenantId, campaignId: campaign.id, mode: campaign.mode, number, today, at: this.deps.dial.clock.wallTime() });
    this.run(campaign, number, attempt);
  }

  /** A preview agent dials the record they hold: counted, written in flight, and placed now. */
  async placeReserved(number: CampaignNumber, attemptId: string, today: string, agentId: string): Promise<void> {
    const attempt = await this.deps.ledger.beginReserved(attemptId, number.id, today, this.deps.dial.clock.wallTime());
    this.run(this.campaign, number, attempt, agentId);
  }

  /** The pacer and the last snapshot it was shown, for the benchmark's and tests' diagnostics. */
  get pacing(): { pacer: Pacer; snapshot: PacingSnapshot | undefined } {
    return { pacer: this.pacer, snapshot: this.lastSnapshot };
  }

  get settings(): Campaign {
    return this.campaign;
  }

  private run(campaign: Campaign, number: CampaignNumber, attempt: BegunAttempt, previewAgentId?: string): void {
    this.calls.set(attempt.id, 'ringing');
    this.deps.changed(campaign.id);
    const clock = this.deps.dial.clock;
    const started = clock.now();
    const at = () => clock.wallTime().getTime();
    // What the pacer measures, each as soon as it is known (rolling-measure.ts).
    let answered = false;
    let personCounted = false;
    let classified = false;
    const onPhase: PhaseListener = (phase, _ids, person) => {
      const previous = this.calls.get(attempt.id);
      this.calls.set(attempt.id, phase);
      if (phase === 'classifying' && !answered) {
        answered = true;
        this.measure.ringEnded({ at: at(), answered: true, ringMs: clock.now() - started });
      } else if (previous === 'classifying' && person !== undefined && !classified) {
        classified = true;
        this.measure.answerClassified({ at: at(), person });
      }
      if (phase === 'connected' && previous === 'waiting_for_agent' && !personCounted) {
        personCounted = true;
        this.measure.personServed({ at: at(), abandoned: false });
      }
    };
    const run = (async () => {
      const result = await runOutboundCall(this.deps.call, campaign, number, onPhase, previewAgentId);
      try {
        if (result.notPlaced) {
          await this.deps.ledger.cancel(number.id, attempt);
        } else {
          await this.deps.ledger.end(number.id, attempt.id, this.campaign.retryRules, result);
          if (!answered) this.measure.ringEnded({ at: at(), answered: result.answeredAt !== null, ringMs: result.ringMs });
          const person = result.outcome === 'answered' || result.outcome === 'abandoned';
          if (person && !personCounted) this.measure.personServed({ at: at(), abandoned: result.outcome === 'abandoned' });
          if (result.handleMs !== null) this.measure.agentReleased({ at: at(), agentMs: result.handleMs + this.wrapUpMs });
        }
      } catch (err) {
        this.deps.logger.error({ err: { message: (err as Error).message }, campaignId: campaign.id, attemptId: attempt.id }, 'could not record the attempt; the next start closes it');
      } finally {
        this.calls.delete(attempt.id);
        this.deps.changed(campaign.id);
        this.poke();
      }
    })();
    this.done.add(run);
    void run.finally(() => this.done.delete(run));
  }
}
