/**
 * A campaign's progress as the screens and the event stream show it: its numbers (all, and
 * those with something still to do), its attempts by outcome, the abandon rate among answered
 * calls, the agents' occupancy and the lines in use now.
 */
import type { Knex } from 'knex';
import type { CampaignState } from '../campaign-state.js';
import { attemptsRepo } from '../store/attempts-repo.js';
import { campaignNumbersRepo } from '../store/campaign-numbers-repo.js';
import type { Campaign } from '../store/campaigns-repo.js';

export interface CampaignProgress {
  total: number;
  remaining: number;
  /** Calls placed (attempts other than preview records held or skipped). */
  dialled: number;
  answered: number;
  machines: number;
  faxes: number;
  noAnswer: number;
  busy: number;
  /** Failed, congested, and cut by a restart. */
  failed: number;
  abandoned: number;
  /** Abandoned among the calls a person answered, percent. */
  abandonRatePct: number;
  /** Share of signed-in agent time on calls over the last 15 minutes, percent (0 without agents). */
  agentOccupancyPct: number;
  linesInUse: number;
  state: CampaignState;
}

export interface LiveFigures {
  linesInUse: number;
  occupancyPct: number | null;
}

export async function campaignProgress(db: Knex, campaign: Campaign, live: LiveFigures | undefined): Promise<CampaignProgress> {
  const [total, remaining, counts] = await Promise.all([
    campaignNumbersRepo.count(db, campaign.tenantId, campaign.id),
    campaignNumbersRepo.countRemaining(db, campaign.id),
    attemptsRepo.outcomeCounts(db, campaign.tenantId, campaign.id),
  ]);
  const n = (...outcomes: string[]) => outcomes.reduce((sum, o) => sum + (counts.get(o) ?? 0), 0);
  const answered = n('answered');
  const abandoned = n('abandoned');
  const dialled = [...counts.entries()].filter(([o]) => o !== 'reserved' && o !== 'skipped').reduce((sum, [, c]) => sum + c, 0);
  return {
    total,
    remaining,
    dialled,
    answered,
    machines: n('machine'),
    faxes: n('fax'),
    noAnswer: n('no_answer'),
    busy: n('busy'),
    failed: n('failed', 'congestion', 'interrupted'),
    abandoned,
    abandonRatePct: answered + abandoned === 0 ? 0 : round1((100 * abandoned) / (answered + abandoned)),
    agentOccupancyPct: round1(live?.occupancyPct ?? 0),
    linesInUse: live?.linesInUse ?? 0,
    state: campaign.state,
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
