/**
 * A campaign's life: draft -> running <-> paused, and stopped from any of them. Stopped is
 * final (its numbers and results stay for reading). The dialler dials only a running campaign.
 */
import { OutboundError } from './outbound-errors.js';

export const CAMPAIGN_STATES = ['draft', 'running', 'paused', 'stopped'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const CAMPAIGN_ACTIONS = ['start', 'pause', 'resume', 'stop'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignState[]; to: CampaignState }> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  stop: { from: ['draft', 'running', 'paused'], to: 'stopped' },
};

/** The state after `action`, or an outbound_campaign_state refusal naming what is allowed. */
export function nextCampaignState(current: CampaignState, action: CampaignAction): CampaignState {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    throw new OutboundError('outbound_campaign_state', `cannot ${action} a ${current} campaign (only a ${rule.from.join(' or ')} one)`);
  }
  return rule.to;
}
