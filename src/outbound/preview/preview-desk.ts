/**
 * Preview dialling: an agent asks for the next record of a running preview campaign whose
 * queue they belong to, sees it (campaign, number, variables) — held for them alone — and dials
 * it or passes. The dial goes through the campaign's runner like any other: the dial guard
 * right before it, the attempt written in flight. The agent is reserved through the ACD's port
 * while the call rings, and the answered person is handed to them alone, with the record for
 * the screen pop. A record held longer than the hold time goes back to the list for anyone.
 */
import type { Knex } from 'knex';
import type { AgentPoolPort } from '../../telephony/outbound-call-ports.js';
import type { DialGuard } from '../dial-guard.js';
import type { AttemptLedger } from '../dialler/attempt-ledger.js';
import type { Dialler } from '../dialler/dialler.js';
import { OutboundError } from '../outbound-errors.js';
import { attemptsRepo } from '../store/attempts-repo.js';
import { campaignNumbersRepo } from '../store/campaign-numbers-repo.js';
import { campaignsRepo } from '../store/campaigns-repo.js';

export interface PreviewRecord {
  attemptId: string;
  campaignId: string;
  campaignName: string;
  phone: string;
  variables: Record<string, string>;
}

export interface PreviewDeskDeps {
  db: () => Knex;
  dialler: Dialler;
  guard: DialGuard;
  ledger: AttemptLedger;
  agentPool: () => AgentPoolPort | undefined;
  now: () => Date;
  /** How long an agent may hold a preview record without dialling it (engine ms). */
  holdMs: number;
}

export class PreviewDesk {
  constructor(private readonly deps: PreviewDeskDeps) {}

  /** The record the agent holds, or the next due one of their preview campaigns (held for them). */
  async next(tenantId: string, agentId: string): Promise<PreviewRecord> {
    const db = this.deps.db();
    await this.expireHeld(tenantId);
    const held = (await db('outbound_attempts').where({ tenant_id: tenantId, agent_id: agentId, outcome: 'reserved' }).first()) as { id: string } | undefined;
    if (held) return this.record(tenantId, held.id);
    const queues = new Set(this.deps.agentPool()?.queuesOf(tenantId, agentId) ?? []);
    const campaigns = (await campaignsRepo.inStates(db, ['running'])).filter((c) => c.tenantId === tenantId && c.mode === 'preview' && c.onAnswer?.kind === 'agent' && queues.has(c.onAnswer.queueId));
    for (const campaign of campaigns) {
      const runner = this.deps.dialler.runner(campaign.id);
      if (!runner) continue;
      const hours = await runner.callingHours(campaign);
      const now = this.deps.now();
      if (!hours.isOpen(now.getTime())) continue;
      for (const number of await campaignNumbersRepo.due(db, campaign.id, now, hours.today(now.getTime()), campaign.maxAttemptsPerDay, 20)) {
        const decision = await this.deps.guard.mayDial(tenantId, number.phone);
        if (!decision.allowed) {
          await campaignNumbersRepo.settle(db, number.id, decision.reason, null);
          continue;
        }
        const attemptId = await this.deps.ledger.reserve({ tenantId, campaignId: campaign.id, number, at: now, agentId });
        return { attemptId, campaignId: campaign.id, campaignName: campaign.name, phone: number.phone, variables: number.variables };
      }
    }
    throw new OutboundError('outbound_preview_none', 'no record to preview now');
  }

  /** Dials the record the agent holds. */
  async dial(tenantId: string, agentId: string, attemptId: string): Promise<PreviewRecord> {
    await this.expireHeld(tenantId);
    const { record, numberId } = await this.held(tenantId, agentId, attemptId);
    const runner = this.deps.dialler.runner(record.campaignId);
    if (!runner) throw new OutboundError('outbound_preview_taken', 'the campaign is not running: the record cannot be dialled now');
    const now = this.deps.now();
    const hours = await runner.callingHours();
    if (!hours.isOpen(now.getTime())) throw new OutboundError('outbound_preview_taken', 'outside the campaign\'s calling hours');
    const number = await campaignNumbersRepo.get(this.deps.db(), numberId);
    // The guard again, right before the dial: the number may have been listed since the preview.
    const decision = await this.deps.guard.mayDial(tenantId, record.phone);
    if (!number || !decision.allowed) {
      await this.deps.ledger.skip(attemptId, numberId, runner.settings.retryRules, now);
      if (decision.allowed === false) await campaignNumbersRepo.settle(this.deps.db(), numberId, decision.reason, null);
      throw new OutboundError('outbound_preview_taken', 'this number may not be dialled any more');
    }
    // Kept for this call: no queue call reaches the agent while it rings.
    if (!this.deps.agentPool()?.reserve(tenantId, agentId)) throw new OutboundError('outbound_preview_taken', 'you cannot take the call now (on another call or signed out): the record stays yours');
    try {
      await runner.placeReserved(number, attemptId, hours.today(now.getTime()), agentId);
    } catch (err) {
      this.deps.agentPool()?.release(tenantId, agentId);
      throw err;
    }
    return record;
  }

  async skip(tenantId: string, agentId: string, attemptId: string): Promise<void> {
    const { record, numberId } = await this.held(tenantId, agentId, attemptId);
    const campaign = await campaignsRepo.get(this.deps.db(), tenantId, record.campaignId);
    if (!campaign) throw new OutboundError('outbound_preview_taken', 'the campaign is gone');
    await this.deps.ledger.skip(attemptId, numberId, campaign.retryRules, this.deps.now());
  }

  /** Records of the tenant held past the hold time go back to the list, due at once. */
  private async expireHeld(tenantId: string): Promise<void> {
    const now = this.deps.now();
    const rows = (await this.deps.db()('outbound_attempts').where({ tenant_id: tenantId, outcome: 'reserved' }).select('id')) as Array<{ id: string }>;
    for (const row of rows) {
      const attempt = await attemptsRepo.get(this.deps.db(), tenantId, row.id);
      if (attempt && Date.parse(attempt.startedAt) + this.deps.holdMs <= now.getTime()) await this.deps.ledger.releaseHeld(attempt.id, attempt.numberId, now);
    }
  }

  private async held(tenantId: string, agentId: string, attemptId: string): Promise<{ record: PreviewRecord; numberId: number }> {
    const attempt = await attemptsRepo.get(this.deps.db(), tenantId, attemptId);
    if (!attempt || attempt.outcome !== 'reserved' || attempt.agentId !== agentId) throw new OutboundError('outbound_preview_taken', 'this record is not held by you (dialled, passed, or another agent\'s)');
    return { record: await this.record(tenantId, attemptId), numberId: attempt.numberId };
  }

  private async record(tenantId: string, attemptId: string): Promise<PreviewRecord> {
    const db = this.deps.db();
    const attempt = (await attemptsRepo.get(db, tenantId, attemptId))!;
    const [number, campaign] = await Promise.all([campaignNumbersRepo.get(db, attempt.numberId), campaignsRepo.get(db, tenantId, attempt.campaignId)]);
    return { attemptId, campaignId: attempt.campaignId, campaignName: campaign?.name ?? '', phone: attempt.phone, variables: number?.variables ?? {} };
  }
}
