/**
 * Refusals of the outbound module and its routes, with their stable codes.
 */
import { DomainError, defineErrorCodes } from '../http/domain-error.js';

export const outboundErrors = defineErrorCodes('outbound', {
  /** Another campaign of the tenant has that name. */
  outbound_campaign_name_taken: 'conflict',
  /** start / pause / resume / stop asked of a campaign in a state that does not allow it. */
  outbound_campaign_state: 'conflict',
  /** A stopped campaign is final: no edits, no imports. */
  outbound_campaign_stopped: 'conflict',
  /** Only a draft or stopped campaign may be deleted (a running one has calls to account for). */
  outbound_campaign_in_use: 'conflict',
  /** The uploaded list cannot be read: not CSV or XLSX, no header, no phone column, too many rows. */
  outbound_import_unreadable: 'invalid',
  /** The number is already on the tenant's do-not-call list. */
  outbound_dnc_exists: 'conflict',
  /** Not a phone number (see phone-number.ts). */
  outbound_bad_number: 'invalid',
  /** The on-answer flow or queue does not exist for the tenant (or the IVR / ACD is not running). */
  outbound_on_answer_unknown: 'invalid',
  /** No record to preview now: no number due, outside the calling hours, or no running preview campaign of the agent's queues. */
  outbound_preview_none: 'not_found',
  /** The preview record is not held by this agent (dialled, passed, another agent's), or may not be dialled now. */
  outbound_preview_taken: 'conflict',
  /** Preview, progressive, predictive and the agent ratio modes hand answered calls to an agent queue. */
  outbound_mode_needs_agent: 'invalid',
});

export type OutboundErrorCode = keyof typeof outboundErrors;

export class OutboundError extends DomainError {
  override readonly name = 'OutboundError';
  declare readonly code: OutboundErrorCode;

  constructor(code: OutboundErrorCode, message: string) {
    super(outboundErrors[code], message);
  }
}
