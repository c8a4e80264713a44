/**
 * The ACD's configuration data: queues, agents and callers as they arrive from the store or from
 * the IVR. Schemas reject unknown keys and fill defaults, so a queue row edited in the back office
 * is validated the same way everywhere. Times in configuration are seconds; times at run time are
 * milliseconds from the injected scheduler's clock.
 */
import { z } from 'zod';
import { AcdError } from './errors.js';

export const STRATEGIES = [
  'longest_idle',
  'longest_average_idle',
  'least_talk_time',
  'least_average_talk_time',
  'fewest_answered',
  'ring_all',
  'round_robin',
  'random',
  'skills_based',
] as const;
export type Strategy = (typeof STRATEGIES)[number];

const id = z.string().min(1).max(64);
const seconds = z.number().int().min(0).max(86_400);
const level = z.number().int().min(1).max(10);

export const queueConfigSchema = z.strictObject({
  id,
  name: z.string().min(1).max(128),
  strategy: z.enum(STRATEGIES).default('longest_idle'),
  /** How long one offer rings before it counts as not answered. */
  ringTimeoutS: z.number().int().min(1).max(600).default(15),
  /** Wrap-up after a call of this queue; the agent gets no call from any queue meanwhile. */
  wrapUpS: seconds.default(10),
  /** Consecutive unanswered offers after which the agent is locked (闭锁). */
  lockAfterNoAnswers: z.number().int().min(1).max(100).default(1),
  /** 0 = no limit. Measured from entering this queue. */
  maxWaitS: seconds.default(0),
  maxWaitAction: z.enum(['voicemail', 'ivr', 'overflow']).default('voicemail'),
  overflow: z
    .strictObject({
      targetQueueId: id.optional(),
      /** 0 = never by time. Measured from entering this queue. */
      afterS: seconds.default(0),
      /** Overflow at once when no agent of this queue is signed in (paused and locked agents count as signed in). */
      whenNoAgentSignedIn: z.boolean().default(false),
    })
    .prefault({}),
  /** 0 = off. While a caller's city has staffed agents in this queue, only they may answer for this long. */
  localPreferenceWaitS: seconds.default(0),
  serviceLevel: z
    .strictObject({
      thresholdS: seconds.default(20),
      targetPct: z.number().min(0).max(100).default(80),
    })
    .prefault({}),
  announce: z
    .strictObject({
      onEntry: z.boolean().default(true),
      /** 0 = only on entry. */
      everyS: seconds.default(45),
      position: z.boolean().default(true),
      expectedWait: z.boolean().default(true),
      musicClass: z.string().max(64).default('default'),
    })
    .prefault({}),
  vip: z
    .strictObject({
      /**
       * strict: a higher priority always goes first; boost: each priority level counts as
       * `boostS` seconds of extra waiting; ignore: pure first come, first served.
       */
      mode: z.enum(['strict', 'boost', 'ignore']).default('strict'),
      boostS: seconds.default(60),
    })
    .prefault({}),
  /**
   * Callbacks the customer does not answer (busy, no answer, failure) are dialled again, up to
   * `attempts` dials in all; between dials the callback waits at least `retryDelayS`, then
   * takes its original place in line again.
   */
  callback: z
    .strictObject({
      attempts: z.number().int().min(1).max(10).default(3),
      retryDelayS: seconds.default(300),
    })
    .prefault({}),
});
export type QueueConfig = z.infer<typeof queueConfigSchema>;
export type QueueConfigInput = z.input<typeof queueConfigSchema>;

export const membershipSchema = z.strictObject({
  queueId: id,
  /** Skill level in this queue (skill group), 10 best; the skills_based strategy prefers higher. */
  level: level.default(5),
  /** Tier: an agent with a higher penalty is offered a call only when no lower-penalty agent can take it. */
  penalty: z.number().int().min(0).max(100).default(0),
  /** Order for round_robin; defaults to the order of joining. */
  position: z.number().int().min(0).optional(),
});
export type MembershipInput = z.input<typeof membershipSchema>;
export interface Membership {
  readonly queueId: string;
  readonly level: number;
  readonly penalty: number;
  readonly position: number;
}

export const agentProfileSchema = z.strictObject({
  id,
  name: z.string().min(1).max(128),
  extension: z.string().min(1).max(32),
  /** skill name → level 1–10, e.g. { mandarin: 9, english: 6, credit_card: 7 } */
  skills: z.record(z.string().min(1).max(64), level).default({}),
  team: z.string().max(64).default(''),
  city: z.string().max(64).default(''),
  queues: z.array(membershipSchema).default([]),
});
export type AgentProfile = z.infer<typeof agentProfileSchema>;
export type AgentProfileInput = z.input<typeof agentProfileSchema>;

export const skillRequirementSchema = z.strictObject({ skill: z.string().min(1).max(64), minLevel: level.default(1) });
export type SkillRequirement = z.infer<typeof skillRequirementSchema>;

export const callerEntrySchema = z.strictObject({
  callId: id,
  queueId: id,
  /** 0 = ordinary; higher = more important (VIP). */
  priority: z.number().int().min(0).max(100).default(0),
  callingNumber: z.string().max(32).default(''),
  calledNumber: z.string().max(32).default(''),
  callerCity: z.string().max(64).default(''),
  requiredSkills: z.array(skillRequirementSchema).default([]),
  /** Defaults to now. An earlier time keeps the caller's place (e.g. a call coming back from the IVR). */
  enteredAt: z.number().optional(),
  /**
   * Data collected in the IVR for the screen pop. The ACD hands it to the port untouched and never
   * puts it in a log entry or an event (it may hold an account or card number).
   */
  ivrData: z.record(z.string(), z.unknown()).default({}),
  /** Offered to this agent alone: the answered call a preview agent dialled themselves. */
  onlyAgent: id.optional(),
});
export type CallerEntry = z.infer<typeof callerEntrySchema>;
export type CallerEntryInput = z.input<typeof callerEntrySchema>;

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AcdError('acd_invalid_config', `Invalid ${what}: ${issues.join('; ')}`, { issues });
  }
  return result.data;
}
