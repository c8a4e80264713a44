/**
 * The outbound API's response shapes.
 */
import { z } from 'zod';
import { isoTime, uuid } from '../../http/schemas.js';
import { onAnswerSchema, RECORDING_POLICIES, retryRulesSchema, timeWindowSchema } from '../campaign-settings.js';
import { DIALLING_MODES } from '../pacing/pacer.js';
import { CAMPAIGN_STATES } from '../campaign-state.js';
import { REFUSAL_REASONS } from '../import/check-rows.js';
import { ATTEMPT_OUTCOMES } from '../dialler/attempt-outcome.js';

export const campaignSchema = z
  .object({
    id: uuid,
    tenantId: uuid,
    name: z.string(),
    callingNumber: z.string(),
    timeWindows: z.array(timeWindowSchema),
    retryRules: retryRulesSchema,
    maxAttemptsPerDay: z.number().int(),
    maxLines: z.number().int(),
    recordingPolicy: z.enum(RECORDING_POLICIES),
    mode: z.enum(DIALLING_MODES),
    ratio: z.number(),
    abandonCapPct: z.number(),
    onAnswer: onAnswerSchema.nullable(),
    state: z.enum(CAMPAIGN_STATES),
    createdBy: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .strict();

export const campaignNumberSchema = z
  .object({
    id: z.number().int(),
    campaignId: uuid,
    phone: z.string(),
    variables: z.record(z.string(), z.string()),
    sourceRow: z.number().int().describe('the row of the imported file'),
    attempts: z.number().int(),
    attemptsToday: z.number().int(),
    lastAttemptAt: isoTime.nullable(),
    nextAttemptAt: isoTime.nullable(),
    lastOutcome: z.string().nullable(),
    createdAt: isoTime,
  })
  .strict();

export const importResultSchema = z
  .object({
    dryRun: z.boolean(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.string().nullable().describe('the text encoding a CSV was read in (utf-8 or gb18030)'),
    phoneColumn: z.string(),
    variableNames: z.array(z.string()),
    rows: z.number().int().describe('data rows read (blank rows skipped)'),
    accepted: z.number().int(),
    stored: z.number().int().describe('numbers added to the campaign; 0 on a dry run'),
    refused: z.array(
      z
        .object({
          rowNumber: z.number().int(),
          phone: z.string(),
          reason: z.enum(REFUSAL_REASONS),
          message: z.string(),
        })
        .strict(),
    ),
  })
  .strict();

export const doNotCallSchema = z
  .object({
    id: uuid,
    phone: z.string(),
    note: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: isoTime,
  })
  .strict();

export const progressSchema = z
  .object({
    total: z.number().int().describe('numbers in the campaign'),
    remaining: z.number().int().describe('numbers never tried, with a retry to come, or on a call now'),
    dialled: z.number().int(),
    answered: z.number().int(),
    machines: z.number().int(),
    faxes: z.number().int(),
    noAnswer: z.number().int(),
    busy: z.number().int(),
    failed: z.number().int().describe('failed, congested, or cut by a restart'),
    abandoned: z.number().int().describe('answered with no agent free in time'),
    abandonRatePct: z.number(),
    agentOccupancyPct: z.number(),
    linesInUse: z.number().int(),
    state: z.enum(CAMPAIGN_STATES),
  })
  .strict();

export const attemptSchema = z
  .object({
    id: uuid,
    campaignId: uuid,
    numberId: z.number().int(),
    phone: z.string(),
    mode: z.string(),
    startedAt: isoTime,
    answeredAt: isoTime.nullable(),
    endedAt: isoTime.nullable(),
    outcome: z.enum(ATTEMPT_OUTCOMES),
    cause: z.number().int().nullable().describe('the Q.850 release cause'),
    durationS: z.number().int().nullable().describe('answer to release'),
    surveyAnswers: z.record(z.string(), z.string()).nullable(),
    agentId: z.string().nullable(),
    callId: z.string().nullable(),
    legId: z.string().nullable().describe('the call detail record leg'),
    recordingId: z.string().nullable().describe('the call recording (GET /recordings/{id}), per the campaign\'s recording policy'),
  })
  .strict();

export const previewRecordSchema = z
  .object({
    attemptId: uuid,
    campaignId: uuid,
    campaignName: z.string(),
    phone: z.string(),
    variables: z.record(z.string(), z.string()),
  })
  .strict();
