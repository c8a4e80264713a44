/**
 * What answers a call: the dial plan names a target kind (ivr, queue,
 * line-test, fax-receive...), and the module that owns that kind registers a
 * handler here. A handler runs the call and returns when it is done with it;
 * the telephony service then hangs up if the call is still up, and closes
 * the call's records.
 */
import type { Logger } from 'pino';
import type { DialPlanEntry } from '../config/schema.js';
import type { CallSession } from './call-session.js';
import type { PromptLibrary } from '../voice/prompt-library.js';

export interface CallContext {
  session: CallSession;
  entry: DialPlanEntry;
  tenantId: string;
  /** The call's CDR leg. */
  legId: string;
  prompts: PromptLibrary;
  logger: Logger;
  /** Marks the leg as handed to someone else (disposition TRANSFERRED). */
  markTransferred(target: string): void;
}

export type CallHandler = (ctx: CallContext) => Promise<void>;
