/**
 * FaxService: runs one fax on a call and keeps its record.
 *
 * A fax on a call (sent to the caller, received from a caller, sent by an outbound job) goes
 * the same way: a row in `faxes` written before the fax starts (status running), progress and
 * result on the live event bus and as notes on the call's session events, then the row
 * completed with the T.30 result (pages, resolution, bit rate, ECM, duration, code and text,
 * remote ident). A received fax is kept as its TIFF plus one PNG per page for the browser.
 *
 * What ends a fax: T.30's phase E, or the call ending (the engine aborts the session: T.30 code
 * 49, "The call dropped prematurely"). A document that cannot be sent at all (missing,
 * unreadable) fails before anything goes on the line. The channel is an ordinary channel again
 * afterwards either way.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import { isTellerlineError, type FaxResult } from '../../bindings/index.js';
import type { EventBus } from '../events/bus.js';
import type { CallSession } from '../telephony/call-session.js';
import type { PngPage } from './documents/index.js';
import { publishFaxEvent, type FaxCallEvent } from './fax-events.js';
import type { FaxFiles } from './fax-files.js';
import { FaxRecordWriter, type KeepRow } from './fax-record-writer.js';
import type { FaxSettings } from './fax-settings.js';
import { faxRepo, type DocumentKind, type FaxDirection, type FaxOrigin, type FaxRecord, type FaxStatus } from './store/fax-repo.js';

/** What the service needs of the document layer (FaxDocuments): PNG pages for the browser. */
export interface PageRenderer {
  renderPagesToPng(tiffPath: string, outDir: string): Promise<PngPage[]>;
}

export interface FaxServiceDeps {
  db: Knex;
  bus: EventBus;
  logger: Logger;
  files: FaxFiles;
  pages: PageRenderer;
  settings: FaxSettings;
  /** Wall-clock now: the card's clock when there is one, so records line up with the CDRs. */
  now(): Date;
  registry?: Registry;
  /** The records writer: a fax's rows go through its journal while the database is away. */
  keepRow?: KeepRow;
}

export interface FaxDocumentRef {
  kind: DocumentKind;
  /** A masked account or a document title. */
  label: string;
  id: string | null;
}

export interface FaxOnCallRequest {
  session: CallSession;
  tenantId: string;
  legId: string | null;
  origin: FaxOrigin;
  /** Sending: the stored TIFF to send (relative to the fax directory). Receiving: omitted. */
  send?: { file: string; document: FaxDocumentRef };
  /** Are we the calling party (we placed the call)? */
  calling: boolean;
  jobId?: string;
  attempt?: number;
}

export class FaxService {
  private readonly active = new Map<string, CallSession>();
  private readonly counters: { faxes: Counter<'direction' | 'status'>; pages: Counter<'direction'> } | undefined;

  private readonly rows: FaxRecordWriter;

  constructor(private readonly deps: FaxServiceDeps) {
    this.rows = new FaxRecordWriter(deps.db, deps.keepRow, deps.logger);
    if (deps.registry) {
      this.counters = {
        faxes: new Counter({ name: 'tellerline_faxes_total', help: 'faxes by direction and outcome', labelNames: ['direction', 'status'] as const, registers: [deps.registry] }),
        pages: new Counter({ name: 'tellerline_fax_pages_total', help: 'fax pages transferred by direction', labelNames: ['direction'] as const, registers: [deps.registry] }),
      };
      const inProgress = this.active;
      new Gauge({
        name: 'tellerline_faxes_active',
        help: 'faxes in progress',
        registers: [deps.registry],
        collect() {
          this.set(inProgress.size);
        },
      });
    }
  }

  get files(): FaxFiles {
    return this.deps.files;
  }

  get settings(): FaxSettings {
    return this.deps.settings;
  }

  get db(): Knex {
    return this.deps.db;
  }

  now(): Date {
    return this.deps.now();
  }

  /** Faxes in progress right now. */
  activeCount(): number {
    return this.active.size;
  }

  /** Faxes a crash left running are closed as failed. */
  async recover(): Promise<number> {
    return faxRepo.closeRunning(this.deps.db, this.now().toISOString());
  }

  /** Records an outbound attempt whose call never connected (busy, no answer, refused). */
  async recordUnconnected(input: { tenantId: string; legId: string | null; jobId: string; attempt: number; number: string; status: Extract<FaxStatus, 'busy' | 'no-answer' | 'call-failed'>; cause: number | null; document: FaxDocumentRef; file: string }): Promise<FaxRecord> {
    const at = this.now().toISOString();
    const record: FaxRecord = {
      id: randomUUID(), tenantId: input.tenantId, direction: 'outbound', origin: 'job', legId: input.legId, jobId: input.jobId, attempt: input.attempt,
      calling: null, called: input.number, span: null, channel: null, documentKind: input.document.kind, documentLabel: input.document.label,
      documentId: input.document.id, file: input.file, status: input.status, pages: 0, pagesInDocument: null, xRes: null, yRes: null, bitRate: null,
      ecm: null, t30Code: null, t30Text: null, remoteIdent: null, cause: input.cause, durationMs: null, startedAt: at, endedAt: at, purgedAt: null,
    };
    await this.rows.insert(record);
    this.rows.done(record.id);
    this.counters?.faxes.inc({ direction: 'outbound', status: input.status });
    this.publish(record, 'fax.completed');
    return record;
  }

  /**
   * Runs a fax on the call: sends `send.file`, or receives into a new file under received/.
   * Resolves with the completed record; never rejects for a fax or call failure (those are
   * outcomes), only for a broken store.
   */
  async runOnCall(request: FaxOnCallRequest): Promise<FaxRecord & { documentUnusable?: true }> {
    const { session } = request;
    const direction: FaxDirection = request.send ? 'outbound' : 'inbound';
    const id = randomUUID();
    const received = request.send ? undefined : this.deps.files.received(request.tenantId, id);
    const file = request.send ? request.send.file : received!.tiff;
    const absFile = request.send ? this.deps.files.abs(file) : await this.deps.files.prepare(file);
    const started = this.now().toISOString();
    const record: FaxRecord = {
      id,
      tenantId: request.tenantId,
      direction,
      origin: request.origin,
      legId: request.legId,
      jobId: request.jobId ?? null,
      attempt: request.attempt ?? null,
      calling: session.calling || null,
      called: session.called || null,
      span: session.line.span,
      channel: session.line.channel,
      documentKind: request.send?.document.kind ?? null,
      documentLabel: request.send?.document.label ?? null,
      documentId: request.send?.document.id ?? null,
      file,
      status: 'running',
      pages: 0,
      pagesInDocument: null,
      xRes: null,
      yRes: null,
      bitRate: null,
      ecm: null,
      t30Code: null,
      t30Text: null,
      remoteIdent: null,
      cause: null,
      durationMs: null,
      startedAt: started,
      endedAt: null,
      purgedAt: null,
    };
    await this.rows.insert(record);
    this.active.set(id, session);
    this.publish(record, 'fax.started');
    session.note({ type: 'note', text: direction === 'outbound' ? `fax: sending ${request.send!.document.kind}` : 'fax: receiving' });

    let progress: Subscription | undefined;
    let result: FaxResult | undefined;
    let error: string | undefined;
    let documentUnusable = false;
    try {
      progress = session.faxPhases$.subscribe((e) => {
        record.pages = e.phase === 'page' ? e.pages : record.pages;
        this.publish({ ...record, bitRate: e.detail.bitRate || null, ecm: e.detail.ecm, remoteIdent: e.detail.remoteIdent || null }, 'fax.progress', e.phase);
      });
      if (session.ended) throw new Error('the call ended before the fax started');
      const s = this.deps.settings;
      result = await session.fax({
        mode: request.send ? 'send' : 'receive',
        file: absFile,
        calling: request.calling,
        ecm: s.ecm,
        maxBitRate: request.send ? s.sendMaxBitRate : s.receiveMaxBitRate,
        ident: s.ident,
        header: request.send ? s.header : '',
      });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      // ERR_FAX_FAILED: the engine refused the document before anything went on the line.
      documentUnusable = isTellerlineError(err, 'ERR_FAX_FAILED');
      this.deps.logger.warn({ err, faxId: id }, 'fax could not run');
    } finally {
      progress?.unsubscribe();
    }
    // On the call's own event stream at once: the far machine often hangs up right after.
    if (!session.ended) {
      const text = result ? `${result.success ? 'done' : 'failed'}, ${result.pages} page(s), ${result.text}` : `failed, ${error ?? 'did not run'}`;
      session.note({ type: 'note', text: `fax: ${text}` });
    }
    try {
      return await this.complete(request, record, result, error, documentUnusable, received?.dir);
    } finally {
      this.active.delete(id);
    }
  }

  /** Stores how the fax ended (and a received fax's PNG pages), publishes it. */
  private async complete(request: FaxOnCallRequest, record: FaxRecord, result: FaxResult | undefined, error: string | undefined, documentUnusable: boolean, receivedDir: string | undefined): Promise<FaxRecord & { documentUnusable?: true }> {
    const { id, direction } = record;
    const absFile = this.deps.files.abs(record.file!);

    const ended = this.now().toISOString();
    if (result) {
      Object.assign(record, {
        status: result.success ? 'ok' : 'failed',
        pages: result.pages,
        pagesInDocument: request.send ? result.pagesInDocument : null,
        xRes: result.xRes || null,
        yRes: result.yRes || null,
        bitRate: result.bitRate || null,
        ecm: result.ecm,
        t30Code: result.code,
        t30Text: result.text.slice(0, 200),
        remoteIdent: result.remoteIdent.slice(0, 64) || null,
        durationMs: Math.round(result.durationMs),
      } satisfies Partial<FaxRecord>);
    } else {
      Object.assign(record, { status: 'failed', t30Text: (error ?? 'the fax did not run').slice(0, 200) } satisfies Partial<FaxRecord>);
    }
    record.endedAt = ended;
    let pages: PngPage[] = [];
    if (!request.send) {
      // spandsp deletes a received file that holds no page.
      const kept = record.pages > 0 && (await stat(absFile).then((s) => s.size > 0, () => false));
      if (!kept) record.file = null;
      else pages = await this.renderPages(record, receivedDir!);
    }
    try {
      await this.rows.update(id, record);
      await this.rows.insertPages(id, pages.map((p) => ({ faxId: id, page: p.page, width: p.width, height: p.height, pngFile: relativeTo(this.deps.files.root, p.path) })));
    } finally {
      this.rows.done(id);
    }
    this.counters?.faxes.inc({ direction, status: record.status });
    this.counters?.pages.inc({ direction }, record.pages);
    this.publish(record, 'fax.completed');
    return documentUnusable ? { ...record, documentUnusable: true } : record;
  }

  private async renderPages(record: FaxRecord, dir: string): Promise<PngPage[]> {
    try {
      return await this.deps.pages.renderPagesToPng(this.deps.files.abs(record.file!), this.deps.files.abs(dir));
    } catch (err) {
      // The fax itself is kept; only its browser view is missing.
      this.deps.logger.error({ err, faxId: record.id }, 'could not render the received fax as PNG');
      return [];
    }
  }

  private publish(record: FaxRecord, type: FaxCallEvent['type'], phase?: string): void {
    const event: FaxCallEvent = {
      type,
      tenantId: record.tenantId,
      at: this.now().toISOString(),
      faxId: record.id,
      direction: record.direction,
      origin: record.origin,
      legId: record.legId,
      jobId: record.jobId,
      span: record.span,
      channel: record.channel,
      pages: record.pages,
      ...(phase ? { phase } : {}),
    };
    if (type !== 'fax.started') {
      Object.assign(event, { bitRate: record.bitRate, ecm: record.ecm, remoteIdent: record.remoteIdent });
    }
    if (type === 'fax.completed') {
      Object.assign(event, { status: record.status, xRes: record.xRes, yRes: record.yRes, durationMs: record.durationMs, t30Code: record.t30Code, t30Text: record.t30Text });
    }
    publishFaxEvent(this.deps.bus, event);
  }
}

function relativeTo(root: string, path: string): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  if (!path.startsWith(prefix)) throw new Error('PNG page written outside the fax directory');
  return path.slice(prefix.length);
}
