/**
 * What the flow engine needs from a call and from the server, as interfaces: the telephony
 * CallSession and the real services satisfy them; unit tests pass fakes.
 */
import type { Logger } from 'pino';
import type { WorkCalendar } from '../../calendar/work-calendar.js';
import type { CoreBanking } from '../../gateway/core-banking.js';
import type { CollectOptions, CollectResult, PromptRef, SessionEvent } from '../../telephony/call-session.js';
import type { CallContext } from '../../telephony/handlers.js';
import type { FaxPort, QueuePort, VoicemailPort } from '../../telephony/ports.js';
import type { Lang } from '../../voice/prompts/index.js';
import type { PinSubjectKind } from '../store/pin-locks-repo.js';
import type { FailureOutcome, PinSubjectState } from '../banking/pin-lock-service.js';
import type { IvrSettings } from './ivr-settings.js';
import type { PromptSource } from './prompt-render.js';

/** The part of CallSession the engine uses. */
export interface IvrSession {
  readonly calling: string;
  readonly called: string;
  lang: Lang;
  readonly ended: boolean;
  readonly released: Promise<unknown>;
  answer(): Promise<void>;
  play(prompts: PromptRef[], options?: { bargeIn?: boolean }): Promise<{ reason: string; itemsDone: number }>;
  collect(options: CollectOptions): Promise<CollectResult>;
  flushDigits(): void;
  enterSecure(): void;
  leaveSecure(): void;
  note(event: Extract<SessionEvent, { type: 'transfer' | 'note' }>): void;
  hangUp(cause?: number): Promise<void>;
}

/** Wrong-PIN bookkeeping (src/ivr/banking/pin-lock-service.ts). */
export interface PinLocker {
  /** Open (the PIN may go to the core), locked, or held by a wrong PIN during a database outage. */
  state(tenantId: string, kind: PinSubjectKind, number: string): Promise<PinSubjectState>;
  failure(tenantId: string, kind: PinSubjectKind, number: string, maxAttempts: number): Promise<FailureOutcome>;
  success(tenantId: string, kind: PinSubjectKind, number: string): Promise<void>;
  coreLocked(tenantId: string, kind: PinSubjectKind, number: string): Promise<void>;
}

export interface FlowRunDeps {
  /** The telephony context, handed to the ports (queues, voicemail, faxes). */
  ctx: CallContext;
  session: IvrSession;
  tenantId: string;
  legId: string;
  flowName: string;
  flowVersion: number;
  /** The language the dial plan chose for the called number. */
  dialLang: Lang;
  prompts: PromptSource;
  gateway: CoreBanking | undefined;
  queues: QueuePort | undefined;
  voicemail: VoicemailPort | undefined;
  faxes: FaxPort | undefined;
  pinLocks: PinLocker;
  settings: IvrSettings;
  calendar: WorkCalendar;
  /** Wall-clock now (the card's clock: tests pin dates). */
  wallTime(): Date;
  /**
   * Holds the engine clock while awaiting something outside it (the core, the database): a
   * free-running card would otherwise run on and time the caller out. Returns the release.
   */
  hold(): () => void;
  logger: Logger;
}
