/**
 * Checks a campaign's dialling settings against what the tenant has: the on-answer flow must
 * be one of its IVR flows and the queue one of its ACD queues (asked through the IVR's and the
 * ACD's ports), and the modes that pace by agents need a queue. A campaign may be saved and
 * started without an on-answer target; the dialler places no call for it until it has one.
 */
import type { Knex } from 'knex';
import type { AgentPoolPort, CallFlowPort } from '../telephony/outbound-call-ports.js';
import { modeNeedsAgents, type OnAnswer } from './campaign-settings.js';
import { OutboundError } from './outbound-errors.js';
import type { DiallingMode } from './pacing/pacer.js';

export interface OnAnswerTargets {
  callFlows?: CallFlowPort | undefined;
  agentPool?: AgentPoolPort | undefined;
}

export async function checkOnAnswer(db: Knex, tenantId: string, settings: { mode: DiallingMode; onAnswer: OnAnswer | null }, targets: OnAnswerTargets): Promise<void> {
  const { mode, onAnswer } = settings;
  if (!onAnswer) return;
  if (onAnswer.kind === 'flow') {
    if (modeNeedsAgents(mode)) throw new OutboundError('outbound_mode_needs_agent', `the ${mode} mode hands answered calls to agents: choose an agent queue, or the trunk_ratio mode for a flow`);
    const name = targets.callFlows ? await targets.callFlows.resolve(tenantId, onAnswer.flowId, db) : undefined;
    if (!name) throw new OutboundError('outbound_on_answer_unknown', `no IVR flow "${onAnswer.flowId}" for this tenant`);
  } else if (!targets.agentPool?.hasQueue(tenantId, onAnswer.queueId)) {
    throw new OutboundError('outbound_on_answer_unknown', `no ACD queue "${onAnswer.queueId}" for this tenant`);
  }
}

/** Before start and resume: what an answered call gets, when the campaign says, still exists. */
export async function checkReadyToDial(db: Knex, tenantId: string, settings: { mode: DiallingMode; onAnswer: OnAnswer | null }, targets: OnAnswerTargets): Promise<void> {
  await checkOnAnswer(db, tenantId, settings, targets);
}
