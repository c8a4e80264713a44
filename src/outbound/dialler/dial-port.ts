/**
 * What the dialler needs from the telephony layer, narrowed to a port (module.ts builds it from
 * services.telephony): place a call, find its call record leg, count the trunk channels open
 * to outbound calls, the engine clock and the prompts.
 */
import type { EngineClock } from '../../../bindings/index.js';
import type { CallSession } from '../../telephony/call-session.js';
import type { PromptLibrary } from '../../voice/prompt-library.js';

export interface DialRequest {
  number: string;
  calling: string;
  tenantId: string;
}

export interface DialPort {
  /** Resolves with the answered call; rejects with an error carrying `cause` (Q.850) and, when a call was placed, `legId`. */
  dial(request: DialRequest): Promise<CallSession>;
  /** The call detail record leg of a call in progress. */
  legOf(session: CallSession): string | undefined;
  /** Trunk channels free now on spans that are up and open to outbound calls. */
  freeTrunkChannels(): number;
  readonly clock: EngineClock;
  readonly prompts: PromptLibrary;
  /** Holds a free-running engine clock while the dialler awaits the store (a no-op in real time). */
  hold(): () => void;
}
