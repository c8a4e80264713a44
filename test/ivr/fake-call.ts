/**
 * A fake call for unit tests of the flow engine: the caller's keys are a script (one entry per
 * menu or collect: digits, 'timeout' or 'hangup'), prompts are recorded by id, and the core,
 * the queues, voicemail, faxes and PIN locks are in-memory stand-ins.
 */
import { pino } from 'pino';
import { Calendar } from '../../src/calendar/work-calendar.js';
import type { CoreBanking } from '../../src/gateway/core-banking.js';
import type { CollectOptions, CollectResult, PromptRef, SessionEvent } from '../../src/telephony/call-session.js';
import type { CallContext } from '../../src/telephony/handlers.js';
import type { FaxPort, QueuePort, VoicemailPort } from '../../src/telephony/ports.js';
import { promptText, type Lang, type PromptId } from '../../src/voice/prompts/index.js';
import type { SpeechToken } from '../../src/voice/readings/index.js';
import { FlowRunner, type RunSummary } from '../../src/ivr/engine/flow-runner.js';
import { parseFlow } from '../../src/ivr/engine/flow-validation.js';
import type { FlowRunDeps, IvrSession, PinLocker } from '../../src/ivr/engine/ivr-session.js';
import { DEFAULT_IVR_SETTINGS, type IvrSettings } from '../../src/ivr/engine/ivr-settings.js';
import type { PinSubjectKind } from '../../src/ivr/store/pin-locks-repo.js';

export type Input = string | 'timeout' | 'hangup';

export class FakeSession implements IvrSession {
  calling = '13800138000';
  called = '95588';
  lang: Lang = 'zh';
  ended = false;
  readonly released: Promise<void>;
  /** Prompt ids of every play (a collect's prompts included), in order. */
  readonly heard: string[][] = [];
  readonly texts: string[] = [];
  readonly notes: string[] = [];
  /** Whether each play or collect happened in secure mode. */
  readonly secureAt: boolean[] = [];
  readonly collects: CollectOptions[] = [];
  private secureDepth = 0;
  private release!: () => void;

  constructor(private readonly inputs: Input[]) {
    this.released = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  async answer(): Promise<void> {}

  private record(prompts: PromptRef[]): void {
    if (prompts.length === 0) return;
    this.heard.push(prompts.map((p) => p.id));
    this.texts.push(prompts.map((p) => p.text ?? '').join(''));
    this.secureAt.push(this.secureDepth > 0);
  }

  async play(prompts: PromptRef[]): Promise<{ reason: string; itemsDone: number }> {
    if (this.ended) return { reason: 'hangup', itemsDone: 0 };
    this.record(prompts);
    return { reason: 'done', itemsDone: prompts.length };
  }

  async collect(options: CollectOptions): Promise<CollectResult> {
    if (options.secure) this.secureDepth++;
    try {
      this.collects.push(options);
      this.record(options.prompts ?? []);
      const next = this.inputs.shift();
      if (next === undefined || next === 'hangup') {
        await this.hangUp();
        return { digits: '', reason: 'hangup' };
      }
      if (next === 'timeout') return { digits: '', reason: 'timeout' };
      const terminator = options.terminator ?? '#';
      if (terminator && next.endsWith(terminator)) return { digits: next.slice(0, -1), reason: 'terminator' };
      return { digits: next.slice(0, options.max), reason: 'max' };
    } finally {
      if (options.secure) this.secureDepth--;
    }
  }

  flushDigits(): void {}

  enterSecure(): void {
    this.secureDepth++;
  }

  leaveSecure(): void {
    if (this.secureDepth > 0) this.secureDepth--;
  }

  note(event: Extract<SessionEvent, { type: 'transfer' | 'note' }>): void {
    this.notes.push(event.type === 'note' ? event.text : `transfer ${event.to}`);
  }

  async hangUp(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.release();
  }

  /** Every prompt id heard, flattened. */
  get ids(): string[] {
    return this.heard.flat();
  }
}

export const fakePrompts = {
  prompt(id: string, lang: Lang): PromptRef {
    return { id, text: promptText(id as PromptId, lang), file: `${lang}/${id}.wav` };
  },
  tokens(tokens: readonly SpeechToken[], lang: Lang): PromptRef[] {
    return tokens.map((t) => ({ id: t.id, text: t.text, file: `${lang}/${t.id}.wav`, ...(t.sensitive ? { sensitive: true } : {}) }));
  },
};

export class MemoryPinLocks implements PinLocker {
  readonly counts = new Map<string, number>();
  readonly locked = new Set<string>();
  private key(kind: PinSubjectKind, number: string): string {
    return `${kind}:${number}`;
  }
  async state(_tenant: string, kind: PinSubjectKind, number: string): Promise<'open' | 'locked'> {
    return this.locked.has(this.key(kind, number)) ? 'locked' : 'open';
  }
  async failure(_tenant: string, kind: PinSubjectKind, number: string, max: number) {
    const k = this.key(kind, number);
    const n = (this.counts.get(k) ?? 0) + 1;
    this.counts.set(k, n);
    if (n >= max) this.locked.add(k);
    return { failedCount: n, attemptsLeft: Math.max(0, max - n), locked: this.locked.has(k) };
  }
  async success(_tenant: string, kind: PinSubjectKind, number: string): Promise<void> {
    if (!this.locked.has(this.key(kind, number))) this.counts.delete(this.key(kind, number));
  }
  async coreLocked(_tenant: string, kind: PinSubjectKind, number: string): Promise<void> {
    this.locked.add(this.key(kind, number));
  }
}

export interface RunOptions {
  inputs?: Input[];
  gateway?: Partial<Record<keyof CoreBanking, (req: Record<string, unknown>) => Promise<unknown>>>;
  queues?: QueuePort;
  voicemail?: VoicemailPort;
  faxes?: FaxPort;
  settings?: Partial<IvrSettings>;
  /** Local wall time, e.g. '2026-03-02T10:00' (UTC+8). */
  at?: string;
  calendar?: Calendar;
  pinLocks?: MemoryPinLocks;
  session?: FakeSession;
}

export interface RunResult {
  session: FakeSession;
  runner: FlowRunner;
  summary: RunSummary;
  /** Gateway requests as [operation, request]. */
  requests: Array<[string, Record<string, unknown>]>;
}

/** Runs a flow (validated first) on a fake call until it ends. */
export async function runFlow(definition: unknown, options: RunOptions = {}): Promise<RunResult> {
  const flow = parseFlow(definition);
  const session = options.session ?? new FakeSession(options.inputs ?? []);
  const requests: Array<[string, Record<string, unknown>]> = [];
  const gateway = new Proxy({} as CoreBanking, {
    get(_target, name: string) {
      return async (req: Record<string, unknown>) => {
        requests.push([name, req]);
        const impl = options.gateway?.[name as keyof CoreBanking];
        if (!impl) throw new Error(`the test gateway has no ${name}`);
        return impl(req);
      };
    },
  });
  const deps: FlowRunDeps = {
    ctx: { session, tenantId: 'tenant', legId: 'leg' } as unknown as CallContext,
    session,
    tenantId: 'tenant',
    legId: 'leg',
    flowName: 'test',
    flowVersion: 1,
    dialLang: 'zh',
    prompts: fakePrompts,
    gateway,
    queues: options.queues,
    voicemail: options.voicemail,
    faxes: options.faxes,
    pinLocks: options.pinLocks ?? new MemoryPinLocks(),
    settings: { ...DEFAULT_IVR_SETTINGS, ...options.settings },
    calendar: options.calendar ?? new Calendar({ timeZone: 'Asia/Shanghai' }),
    wallTime: () => new Date(`${options.at ?? '2026-03-02T10:00'}:00+08:00`),
    hold: () => () => undefined,
    logger: pino({ level: 'silent' }),
  };
  const runner = new FlowRunner(flow, deps);
  const summary = await runner.run();
  return { session, runner, summary, requests };
}
