/**
 * What the outbound screens share about a campaign: its type from the generated API, the moves
 * each state allows (the server's rule, shown as buttons), and the outcomes a retry rule names.
 */
import type { ResponseOf } from '../../api/types.js';

export type Campaign = ResponseOf<'/api/v1/outbound/campaigns/{id}', 'get'>;
export type CampaignState = Campaign['state'];
export type CampaignAction = 'start' | 'pause' | 'resume' | 'stop';
export type RetryOutcome = keyof Campaign['retryRules'];
export type RecordingPolicy = Campaign['recordingPolicy'];
export type DiallingMode = Campaign['mode'];
export type OnAnswer = Campaign['onAnswer'];

export const CAMPAIGN_STATES: readonly CampaignState[] = ['draft', 'running', 'paused', 'stopped'];
export const RETRY_OUTCOMES: readonly RetryOutcome[] = ['busy', 'no_answer', 'machine', 'fax', 'congestion', 'failed'];
export const RECORDING_POLICIES: readonly RecordingPolicy[] = ['none', 'answered', 'all'];
export const DIALLING_MODES: readonly DiallingMode[] = ['preview', 'progressive', 'predictive', 'trunk_ratio', 'agent_ratio', 'trunk_and_agent_ratio', 'agent_multiple'];
/** The modes that use the ratio (or multiple) setting. */
export const RATIO_MODES: readonly DiallingMode[] = ['trunk_ratio', 'agent_ratio', 'trunk_and_agent_ratio', 'agent_multiple'];

/** start: draft → running; pause: running → paused; resume: paused → running; stop: any but stopped. */
export function actionsFor(state: CampaignState): CampaignAction[] {
  switch (state) {
    case 'draft':
      return ['start', 'stop'];
    case 'running':
      return ['pause', 'stop'];
    case 'paused':
      return ['resume', 'stop'];
    default:
      return [];
  }
}

/** A draft or stopped campaign may be deleted; a running or paused one has calls to account for. */
export const deletable = (state: CampaignState) => state === 'draft' || state === 'stopped';

/** The query key of one campaign, shared by its page and what updates it live. */
export const campaignKey = (id: string, tenantId: string | undefined) => ['outbound-campaign', id, tenantId];
