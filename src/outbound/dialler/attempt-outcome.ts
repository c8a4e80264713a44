/**
 * What an attempt became, and what comes of it for the number: the outcome from the network's
 * release cause (busy, no answer, congestion, failed) or from what answered (a person, a
 * machine, a fax), and the retry rule that applies.
 */
import { Cause } from '../../../bindings/index.js';
import type { RetryOutcome } from '../campaign-settings.js';

export const ATTEMPT_OUTCOMES = [
  'in_flight', // written before the dial; the call is not over
  'reserved', // a preview record held for an agent
  'answered', // a person answered and got the flow or an agent
  'abandoned', // a person answered and no agent was free in time: the short "safe" message
  'machine',
  'fax',
  'busy',
  'no_answer',
  'congestion',
  'failed',
  'interrupted', // in flight when the server stopped or crashed
  'skipped', // a preview agent passed the record on
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

const NO_ANSWER: ReadonlySet<number> = new Set([Cause.NO_USER_RESPONSE, Cause.NO_ANSWER, Cause.SUBSCRIBER_ABSENT]);
const CONGESTION: ReadonlySet<number> = new Set([Cause.NO_CIRCUIT_AVAILABLE, Cause.SWITCHING_EQUIPMENT_CONGESTION, Cause.REQUESTED_CHANNEL_UNAVAILABLE, Cause.RESOURCE_UNAVAILABLE, Cause.TEMPORARY_FAILURE]);

/** The outcome of a call that was not answered, from its Q.850 cause. */
export function outcomeOfCause(cause: number | null): Extract<AttemptOutcome, 'busy' | 'no_answer' | 'congestion' | 'failed'> {
  if (cause === Cause.USER_BUSY) return 'busy';
  if (cause !== null && NO_ANSWER.has(cause)) return 'no_answer';
  if (cause !== null && CONGESTION.has(cause)) return 'congestion';
  return 'failed';
}

/**
 * The retry rule an outcome follows, and which earlier outcomes count against its retries, or
 * null when the number is done (a person answered). An abandoned call is a person the bank
 * failed: it is called again under the 'failed' rule, like a call cut by a crash.
 */
export function retryRuleOf(outcome: AttemptOutcome): { rule: RetryOutcome; counted: readonly AttemptOutcome[] } | null {
  switch (outcome) {
    case 'busy':
    case 'no_answer':
    case 'machine':
    case 'fax':
    case 'congestion':
      return { rule: outcome, counted: [outcome] };
    case 'failed':
    case 'interrupted':
    case 'abandoned':
      return { rule: 'failed', counted: ['failed', 'interrupted', 'abandoned'] };
    default:
      return null;
  }
}
