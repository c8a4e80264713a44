/**
 * One call of a campaign, from the dial to the release: dials the number with the campaign's
 * calling number, classifies what happened (the release cause of an unanswered call; the answer
 * classifier for an answered one), gives a person the campaign's flow or an agent of its queue,
 * hangs up on machines and faxes, and reports each phase to the runner. Never throws: every
 * failure is an outcome.
 */
import type { Logger } from 'pino';
import type { DialPlanEntry } from '../../config/schema.js';
import type { CallSession } from '../../telephony/call-session.js';
import type { CallContext } from '../../telephony/handlers.js';
import type { CallFlowPort, AgentPoolPort, CallRecordingPort } from '../../telephony/outbound-call-ports.js';
import type { QueuePort } from '../../telephony/ports.js';
import type { Campaign } from '../store/campaigns-repo.js';
import type { CampaignNumber } from '../store/campaign-numbers-repo.js';
import { outcomeOfCause, type AttemptOutcome } from './attempt-outcome.js';
import type { AnswerClassifier } from './answer-classifier.js';
import type { DialPort } from './dial-port.js';

/** `classifying`: answered, not yet known to be a person, a machine or a fax. */
export type CallPhase = 'ringing' | 'classifying' | 'waiting_for_agent' | 'connected';

/** Told of each phase; `person`, on the phase that follows classification: who answered. */
export type PhaseListener = (phase: CallPhase, ids?: { callId: string; legId: string | null }, person?: boolean) => void;

export interface CallResult {
  outcome: AttemptOutcome;
  /** No call left our trunks (they were full or down): not an attempt. */
  notPlaced: boolean;
  cause: number | null;
  answeredAt: Date | null;
  endedAt: Date;
  ringMs: number;
  /** Agent time, when an agent took the call. */
  handleMs: number | null;
  surveyAnswers: Record<string, string> | null;
  agentId: string | null;
  callId: string | null;
  legId: string | null;
  /** The call's recording (the campaign's recording policy). */
  recordingId: string | null;
}

export interface OutboundCallDeps {
  dial: DialPort;
  classify: AnswerClassifier;
  callFlows: () => CallFlowPort | undefined;
  queues: () => QueuePort | undefined;
  agentPool: () => AgentPoolPort | undefined;
  recording: () => CallRecordingPort | undefined;
  logger: Logger;
  /** How long an answered callee may wait for a free agent before the safe message (engine ms). */
  agentWaitMs: number;
  /** Prompt ids of the short message a callee hears when no agent is free in time (unless the campaign names one). */
  safeMessage: readonly string[];
}

const NOT_PLACED_CAUSES: ReadonlySet<number> = new Set([34, 38]);

function causeOf(err: unknown): number | null {
  const cause = (err as { cause?: unknown }).cause;
  return typeof cause === 'number' ? cause : null;
}

export async function runOutboundCall(
  deps: OutboundCallDeps,
  campaign: Campaign,
  number: CampaignNumber,
  onPhase: PhaseListener,
  /** The preview agent who dialled: the answered person goes to them alone. */
  previewAgentId?: string,
): Promise<CallResult> {
  const result = await placeAndServe(deps, campaign, number, onPhase, previewAgentId);
  // Whatever happened, a reservation the call did not use ends with it.
  if (previewAgentId !== undefined) deps.agentPool()?.release(campaign.tenantId, previewAgentId);
  return result;
}

async function placeAndServe(
  deps: OutboundCallDeps,
  campaign: Campaign,
  number: CampaignNumber,
  onPhase: PhaseListener,
  previewAgentId: string | undefined,
): Promise<CallResult> {
  const clock = deps.dial.clock;
  const started = clock.now();
  const wall = () => clock.wallTime();
  let session: CallSession;
  onPhase('ringing');
  try {
    session = await deps.dial.dial({ number: number.phone, calling: campaign.callingNumber, tenantId: campaign.tenantId });
  } catch (err) {
    const cause = causeOf(err);
    const legId = typeof (err as { legId?: unknown }).legId === 'string' ? (err as { legId: string }).legId : null;
    return {
      outcome: outcomeOfCause(cause),
      notPlaced: legId === null && cause !== null && NOT_PLACED_CAUSES.has(cause),
      cause,
      answeredAt: null,
      endedAt: wall(),
      ringMs: clock.now() - started,
      handleMs: null,
      surveyAnswers: null,
      agentId: null,
      callId: null,
      legId,
      recordingId: null,
    };
  }
  const answeredAt = wall();
  const ringMs = clock.now() - started;
  const legId = deps.dial.legOf(session) ?? null;
  onPhase('classifying', { callId: session.id, legId });
  const base = { notPlaced: false, answeredAt, ringMs, callId: session.id, legId };
  let outcome: AttemptOutcome = 'answered';
  let handleMs: number | null = null;
  let surveyAnswers: Record<string, string> | null = null;
  let agentId: string | null = null;
  // The recording policy: 'all' records every answered call from the answer (machines and faxes
  // too), 'answered' a call once a person is on it, 'none' nothing.
  let recordingId: string | null = null;
  const record = async () => {
    const port = deps.recording();
    if (!port || recordingId !== null || session.ended) return;
    const meta = { tenantId: campaign.tenantId, callId: session.id, legId, queueId: campaign.onAnswer?.kind === 'agent' ? campaign.onAnswer.queueId : null, calling: campaign.callingNumber, called: number.phone, at: wall().getTime() };
    recordingId = (await port.start(session, meta).catch(() => undefined)) ?? null;
  };
  try {
    if (campaign.recordingPolicy === 'all') await record();
    const kind = await deps.classify(session).catch(() => 'person' as const);
    if (kind === 'person' && campaign.recordingPolicy === 'answered') await record();
    if (kind !== 'person') {
      onPhase('connected', { callId: session.id, legId }, false);
      outcome = kind === 'silence' ? 'no_answer' : kind;
    } else {
      if (campaign.onAnswer?.kind !== 'agent') onPhase('connected', { callId: session.id, legId }, true);
      const ctx = callContext(deps, campaign, session, legId);
      const onAnswer = campaign.onAnswer;
      if (onAnswer?.kind === 'flow') {
        const flows = deps.callFlows();
        if (!flows) throw new Error('no IVR to run the campaign flow');
        const flowName = await flows.resolve(campaign.tenantId, onAnswer.flowId);
        if (!flowName) throw new Error(`the campaign's flow "${onAnswer.flowId}" is gone`);
        const result = await flows.runOutbound(ctx, flowName, number.variables);
        surveyAnswers = result.answers;
      } else if (onAnswer?.kind === 'agent') {
        onPhase('waiting_for_agent', { callId: session.id, legId }, true);
        const served = await toAgent(deps, campaign, number, ctx, onAnswer.queueId, () => onPhase('connected', { callId: session.id, legId }), previewAgentId, recordingId !== null);
        outcome = served.outcome;
        agentId = served.agentId;
        handleMs = served.handleMs;
      }
    }
  } catch (err) {
    deps.logger.error({ err: { message: (err as Error).message }, campaignId: campaign.id }, 'outbound call failed after the answer');
  } finally {
    if (recordingId !== null) await deps.recording()?.stop(recordingId).catch(() => undefined);
    if (!session.ended) await session.hangUp().catch(() => undefined);
  }
  const released = await session.released;
  return { ...base, outcome, cause: released.cause, endedAt: wall(), handleMs, surveyAnswers, agentId, recordingId };
}

function callContext(deps: OutboundCallDeps, campaign: Campaign, session: CallSession, legId: string | null): CallContext {
  const target: DialPlanEntry['target'] =
    campaign.onAnswer?.kind === 'flow' ? { kind: 'ivr', flow: campaign.onAnswer.flowId } as DialPlanEntry['target'] : { kind: 'queue', queue: campaign.onAnswer?.queueId ?? '' } as DialPlanEntry['target'];
  return {
    session,
    entry: { number: campaign.callingNumber, target, lang: session.lang, tenant: campaign.tenantId },
    tenantId: campaign.tenantId,
    legId: legId ?? '',
    prompts: deps.dial.prompts,
    logger: deps.logger.child({ campaignId: campaign.id, legId }),
    markTransferred: () => undefined,
  };
}

/**
 * Hands a person to an agent of the queue. When no agent is free within agentWaitMs the callee
 * hears the safe message and the call counts as abandoned.
 */
async function toAgent(
  deps: OutboundCallDeps,
  campaign: Campaign,
  number: CampaignNumber,
  ctx: CallContext,
  queueId: string,
  connected: () => void,
  previewAgentId: string | undefined,
  recorded: boolean,
): Promise<{ outcome: AttemptOutcome; agentId: string | null; handleMs: number | null }> {
  const { session } = ctx;
  const clock = deps.dial.clock;
  const pool = deps.agentPool();
  const queues = deps.queues();
  // A preview agent is kept for their call (reserved, so not counted free): no wait for one.
  const agentReady = () => previewAgentId !== undefined || (pool?.agents(campaign.tenantId, queueId).free ?? 0) > 0;
  const deadline = clock.now() + deps.agentWaitMs;
  while (!session.ended && !agentReady() && clock.now() < deadline) await clock.sleep(100);
  if (session.ended) return { outcome: 'abandoned', agentId: null, handleMs: null };
  if (!queues || !agentReady()) {
    deps.logger.debug({ campaignId: campaign.id, waitedMs: deps.agentWaitMs }, 'no agent free in time: the safe message');
    await session.play(safePrompts(deps, campaign, session)).catch(() => undefined);
    return { outcome: 'abandoned', agentId: null, handleMs: null };
  }
  // The agent's screen pop shows the campaign record (no card numbers: imports mask them).
  const data: Record<string, string> = { ...number.variables, campaign: campaign.name, campaignNumber: number.phone };
  const from = clock.now();
  // A free agent takes it now: for pacing the call holds an agent, it no longer waits for one
  // (counting it as waiting would take a second agent off the free ones).
  connected();
  // The campaign's recording policy governs its calls: the ACD records neither a second copy
  // nor, under policy none, a first one (whatever the queue's or the agent's setting).
  const request = { queue: queueId, data, ...(recorded ? { recordedElsewhere: true } : {}), ...(campaign.recordingPolicy === 'none' ? { notRecorded: true } : {}) };
  // The queue answers when the ACD's part is over: the agent (or the callee) hung up.
  const outcome = await queues.enqueue(ctx, previewAgentId === undefined ? request : { ...request, agentId: previewAgentId, priority: 100 });
  if (outcome.kind !== 'connected') {
    deps.logger.debug({ campaignId: campaign.id, queueOutcome: outcome.kind }, 'the queue gave no agent: the safe message');
    if (!session.ended) await session.play(safePrompts(deps, campaign, session)).catch(() => undefined);
    return { outcome: 'abandoned', agentId: null, handleMs: null };
  }
  const handleMs = clock.now() - from;
  // The agent ended the call: the bank releases the callee rather than hold the line until they hang up.
  if (!session.ended) await session.hangUp().catch(() => undefined);
  await session.released;
  return { outcome: 'answered', agentId: outcome.agentId, handleMs };
}

function safePrompts(deps: OutboundCallDeps, campaign: Campaign, session: CallSession) {
  const named = campaign.onAnswer?.kind === 'agent' ? campaign.onAnswer.safePrompt : undefined;
  return (named ? [named] : deps.safeMessage).flatMap((id) => {
    try {
      return [deps.dial.prompts.prompt(id, session.lang)];
    } catch {
      return [];
    }
  });
}
