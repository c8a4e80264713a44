/**
 * services.faxes: the FaxPort the IVR calls (telephony/ports.ts), plus fax reception on a call.
 *
 *   sendToCaller(ctx, document)          "press start on your fax machine", then the document
 *                                        goes on this call (we are the answering party)
 *   queueOutbound(ctx, document, number) a fax job to the number the caller keyed in, run by
 *                                        the job runner with retries; resolves once queued
 *   receiveFromCaller(ctx, origin)       receive a fax on this call (the 'fax-receive' dial
 *                                        plan target, or the IVR after watchForFaxTone)
 *   queueJob({...})                      the same job without a call (back office, benchmark)
 *
 * Ordinary outcomes are results, never exceptions: { kind: 'failed', reason } with reason one
 * of the FaxFailureReason strings (or the T.30 text when the fax itself failed).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from '../events/bus.js';
import type { CallContext } from '../telephony/handlers.js';
import type { FaxDocument, FaxOutcome, FaxPort } from '../telephony/ports.js';
import { publishFaxEvent } from './fax-events.js';
import { GATEWAY_SESSION_KEY, type FaxDocumentSource, type PrepareFailure } from './fax-document-source.js';
import type { FaxJobRunner } from './fax-job-runner.js';
import type { FaxService } from './fax-service.js';
import { faxJobRepo, type FaxJob } from './store/fax-job-repo.js';

/** Why a fax request failed before any fax ran (else the T.30 text is the reason). */
export type FaxFailureReason = PrepareFailure | 'invalid-number' | 'no-telephony' | 'hangup';

export type FaxReceiveOutcome =
  | { kind: 'received'; faxId: string; pages: number }
  | { kind: 'failed'; faxId: string; reason: string; t30Code?: number };

export interface QueueJobRequest {
  tenantId: string;
  legId: string | null;
  document: FaxDocument;
  number: string;
  gatewaySession?: string;
  /** Overrides of settings.jobs (the back office may ask for more or fewer retries). */
  maxAttempts?: number;
  retryIntervalMs?: number;
  /**
   * Queue even without a card (the back office): the job waits in the store until a server
   * with a card starts. The IVR never needs this (no card, no call).
   */
  queueWithoutCard?: boolean;
  /** The operator asking, from the back office (kept on the job). */
  requestedBy?: string;
}

/** Digits, optionally after a + (the card dials it as given). */
export const FAX_NUMBER = /^\+?[0-9]{3,20}$/;

/**
 * Numbers a caller may have a fax sent to: the tenant's allowed outside numbers (toll fraud).
 * Every request is audited, allowed or refused.
 */
export interface CallerFaxNumberPolicy {
  allowed(tenantId: string, number: string): Promise<boolean>;
  audit(entry: { tenantId: string; legId: string | null; number: string; document: FaxDocument['kind']; allowed: boolean }): Promise<void>;
}

export class BankFaxPort implements FaxPort {
  constructor(
    private readonly deps: {
      faxes: FaxService;
      source: FaxDocumentSource;
      runner(): FaxJobRunner | undefined;
      /** Without one (tests of the port alone), callers may key any number. */
      callerNumbers?: CallerFaxNumberPolicy;
      bus: EventBus;
      logger: Logger;
    },
  ) {}

  async sendToCaller(ctx: CallContext, document: FaxDocument): Promise<FaxOutcome> {
    const { faxes, source } = this.deps;
    const target = faxes.files.sent(ctx.tenantId, randomUUID());
    const prepared = await source.prepare(ctx.tenantId, document, target, { gatewaySession: gatewaySessionOf(ctx) });
    if (!prepared.ok) return { kind: 'failed', reason: prepared.reason };
    if (!(await answered(ctx))) return { kind: 'failed', reason: 'hangup' };
    try {
      await ctx.session.play(ctx.prompts.prompts(['fax.press_start'], ctx.session.lang));
    } catch (err) {
      // A missing prompt must not cost the caller the fax.
      ctx.logger.warn({ err }, 'fax: could not play the press-start prompt');
    }
    const record = await faxes.runOnCall({
      session: ctx.session,
      tenantId: ctx.tenantId,
      legId: ctx.legId,
      origin: 'to-caller',
      calling: false,
      send: { file: prepared.file, document: prepared.document },
    });
    if (record.status === 'ok') return { kind: 'sent', pages: record.pages };
    return { kind: 'failed', reason: record.t30Text ?? 'fax failed', ...(record.t30Code !== null ? { t30Code: record.t30Code } : {}) };
  }

  async queueOutbound(ctx: CallContext, document: FaxDocument, number: string): Promise<FaxOutcome> {
    const policy = this.deps.callerNumbers;
    if (policy) {
      const allowed = await policy.allowed(ctx.tenantId, number);
      await policy.audit({ tenantId: ctx.tenantId, legId: ctx.legId, number, document: document.kind, allowed });
      if (!allowed) return { kind: 'failed', reason: 'number-not-allowed' };
    }
    const gatewaySession = gatewaySessionOf(ctx);
    return this.queueJob({ tenantId: ctx.tenantId, legId: ctx.legId, document, number, ...(gatewaySession ? { gatewaySession } : {}) });
  }

  /** Queues a fax job: the document is prepared now (a statement needs the caller's session). */
  async queueJob(request: QueueJobRequest): Promise<FaxOutcome> {
    const { faxes, source } = this.deps;
    if (!FAX_NUMBER.test(request.number)) return { kind: 'failed', reason: 'invalid-number' };
    const runner = this.deps.runner();
    if (!runner && !request.queueWithoutCard) return { kind: 'failed', reason: 'no-telephony' };
    const id = randomUUID();
    const file = faxes.files.job(request.tenantId, id);
    const prepared = await source.prepare(request.tenantId, request.document, file, { gatewaySession: request.gatewaySession, copy: true });
    if (!prepared.ok) return { kind: 'failed', reason: prepared.reason };
    const at = faxes.now().toISOString();
    const s = faxes.settings.jobs;
    const job: FaxJob = {
      id,
      tenantId: request.tenantId,
      legId: request.legId,
      number: request.number,
      documentKind: prepared.document.kind,
      documentLabel: prepared.document.label,
      documentId: prepared.document.id,
      file,
      pages: prepared.pages,
      status: 'queued',
      attempts: 0,
      maxAttempts: request.maxAttempts ?? s.maxAttempts,
      retryIntervalMs: request.retryIntervalMs ?? s.retryIntervalMs,
      nextAttemptAt: at,
      lastOutcome: null,
      lastError: null,
      lastT30Code: null,
      lastFaxId: null,
      requestedBy: request.requestedBy ?? null,
      createdAt: at,
      updatedAt: at,
      finishedAt: null,
      purgedAt: null,
    };
    await faxJobRepo.insert(faxes.db, job);
    publishFaxEvent(this.deps.bus, { type: 'fax.job', tenantId: job.tenantId, at, jobId: id, status: 'queued', attempts: 0, maxAttempts: job.maxAttempts, number: job.number, lastOutcome: null, lastError: null, nextAttemptAt: at });
    runner?.schedule(job);
    return { kind: 'queued', jobId: id };
  }

  /** Receives a fax on this call (answering it first if needed); we are the answering party. */
  async receiveFromCaller(ctx: CallContext, origin: 'dialed' | 'cng' = 'cng'): Promise<FaxReceiveOutcome> {
    // A caller gone before the answer still leaves a (failed) fax row: the attempt is recorded.
    await answered(ctx);
    const record = await this.deps.faxes.runOnCall({ session: ctx.session, tenantId: ctx.tenantId, legId: ctx.legId, origin, calling: false });
    if (record.status === 'ok') return { kind: 'received', faxId: record.id, pages: record.pages };
    return { kind: 'failed', faxId: record.id, reason: record.t30Text ?? 'fax failed', ...(record.t30Code !== null ? { t30Code: record.t30Code } : {}) };
  }
}

/** Answers the call if needed; false when the caller is already gone. */
async function answered(ctx: CallContext): Promise<boolean> {
  if (ctx.session.ended) return false;
  try {
    await ctx.session.answer();
    return true;
  } catch (err) {
    if (ctx.session.ended) return false;
    throw err;
  }
}

function gatewaySessionOf(ctx: CallContext): string | undefined {
  const value = ctx.session.data.get(GATEWAY_SESSION_KEY);
  return typeof value === 'string' ? value : undefined;
}
