/**
 * What an operator sets on a campaign, validated: the calling number to present, the weekly
 * time windows (tenant-local time; the dialler will also skip the tenant calendar's holidays),
 * retry rules per call outcome, the daily attempt cap per number, the line cap and the
 * recording policy.
 */
import { z } from 'zod';
import { isPromptId } from '../voice/prompts/catalog.js';
import { normalisePhone } from './phone-number.js';
import { DIALLING_MODES, type DiallingMode } from './pacing/pacer.js';

/** Outcomes a retry rule may name; "answered" ends a number's attempts, so it has no rule. */
export const RETRY_OUTCOMES = ['busy', 'no_answer', 'machine', 'fax', 'congestion', 'failed'] as const;
export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];

export const RECORDING_POLICIES = ['none', 'answered', 'all'] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');

export const timeWindowSchema = z
  .object({
    /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    from: hhmm,
    to: hhmm,
  })
  .strict()
  .refine((w) => w.from < w.to, { message: 'a window ends after it starts', path: ['to'] })
  .refine((w) => new Set(w.days).size === w.days.length, { message: 'a day appears once', path: ['days'] });

export const retryRuleSchema = z
  .object({
    retries: z.number().int().min(0).max(20),
    intervalMinutes: z.number().int().min(1).max(7 * 24 * 60),
  })
  .strict();

export const retryRulesSchema = z.object(Object.fromEntries(RETRY_OUTCOMES.map((o) => [o, retryRuleSchema])) as Record<RetryOutcome, typeof retryRuleSchema>).strict();

export type TimeWindow = z.infer<typeof timeWindowSchema>;
export type RetryRules = z.infer<typeof retryRulesSchema>;

/** Retries when the campaign does not say: a few for a line that was busy or not answered, none for a fax. */
export const DEFAULT_RETRY_RULES: RetryRules = {
  busy: { retries: 3, intervalMinutes: 10 },
  no_answer: { retries: 2, intervalMinutes: 60 },
  machine: { retries: 1, intervalMinutes: 120 },
  fax: { retries: 0, intervalMinutes: 60 },
  congestion: { retries: 3, intervalMinutes: 5 },
  failed: { retries: 1, intervalMinutes: 30 },
};

/** Weekdays 09:00–12:00 and 14:00–18:00: working hours without the lunch break. */
export const DEFAULT_TIME_WINDOWS: TimeWindow[] = [
  { days: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
  { days: [1, 2, 3, 4, 5], from: '14:00', to: '18:00' },
];

const callingNumber = z
  .string()
  .max(32)
  .refine((v) => normalisePhone(v) === v, 'digits only (an optional leading "+"), 3 to 20 of them');

/**
 * What an answered person gets: an IVR flow of the tenant (by id, or a shipped flow's name) or an
 * ACD queue (with, optionally, the prompt a callee hears when no agent is free).
 */
export const onAnswerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('flow'), flowId: z.string().trim().min(1).max(100) }).strict(),
  z
    .object({
      kind: z.literal('agent'),
      queueId: z.string().trim().min(1).max(64),
      /** What a callee answered with no agent free hears instead of the catalog's outbound.safe_message. */
      safePrompt: z.string().trim().refine(isPromptId, 'not a prompt id of the catalog').optional(),
    })
    .strict(),
]);
export type OnAnswer = z.infer<typeof onAnswerSchema>;

/** Modes that pace by agents (or let an agent dial): their answered calls go to an agent queue. */
const AGENT_MODES: ReadonlySet<DiallingMode> = new Set(['preview', 'progressive', 'predictive', 'agent_ratio', 'trunk_and_agent_ratio', 'agent_multiple']);

export function modeNeedsAgents(mode: DiallingMode): boolean {
  return AGENT_MODES.has(mode);
}

export const campaignSettingsShape = {
  name: z.string().trim().min(1).max(100),
  callingNumber,
  timeWindows: z.array(timeWindowSchema).min(1).max(20),
  retryRules: retryRulesSchema,
  maxAttemptsPerDay: z.number().int().min(1).max(20),
  maxLines: z.number().int().min(1).max(480),
  recordingPolicy: z.enum(RECORDING_POLICIES),
  mode: z.enum(DIALLING_MODES),
  /** The ratio or multiple of the ratio modes. */
  ratio: z.number().min(0.1).max(10),
  /** Predictive: the highest share of answered calls left without an agent, percent. */
  abandonCapPct: z.number().min(0).max(10),
  onAnswer: onAnswerSchema.nullable(),
};

/** A new campaign: a name and a calling number; the rest has defaults. */
export const campaignCreateSchema = z
  .object({
    ...campaignSettingsShape,
    timeWindows: campaignSettingsShape.timeWindows.default(DEFAULT_TIME_WINDOWS),
    retryRules: campaignSettingsShape.retryRules.default(DEFAULT_RETRY_RULES),
    maxAttemptsPerDay: campaignSettingsShape.maxAttemptsPerDay.default(3),
    maxLines: campaignSettingsShape.maxLines.default(10),
    recordingPolicy: campaignSettingsShape.recordingPolicy.default('answered'),
    mode: campaignSettingsShape.mode.default('progressive'),
    ratio: campaignSettingsShape.ratio.default(1),
    abandonCapPct: campaignSettingsShape.abandonCapPct.default(3),
    onAnswer: campaignSettingsShape.onAnswer.default(null),
  })
  .strict();

export const campaignUpdateSchema = z.object(campaignSettingsShape).partial().strict();

export type CampaignCreate = z.infer<typeof campaignCreateSchema>;
export type CampaignUpdate = z.infer<typeof campaignUpdateSchema>;
