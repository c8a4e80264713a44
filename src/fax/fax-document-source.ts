/**
 * Turns what the IVR asks for (ports.ts FaxDocument) into a TIFF/F ready to send:
 *
 *   statement  the account's entries from the core banking system (faxStatement through the
 *              data gateway, up to 100, oldest first), drawn in Chinese and English with the
 *              account masked (documents/renderStatement);
 *   document   a fax-on-demand document of the tenant, by id or by code (already a TIFF/F:
 *              it was converted at upload).
 *
 * The gateway needs the caller's verified session: the statement request carries it as
 * `session` (see the README: ports.ts should add it to the statement variant); failing that,
 * the IVR's session data under GATEWAY_SESSION_KEY is used. It is never stored.
 * Failures are results with a stable reason (the IVR picks its prompt by it).
 */
import { copyFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { CoreBanking } from '../gateway/core-banking.js';
import { GatewayError } from '../gateway/gateway-error.js';
import type { FaxDocument } from '../telephony/ports.js';
import { FaxDocumentError, maskAccountNumber, MAX_STATEMENT_TRANSACTIONS, type StatementData, type WrittenFax } from './documents/index.js';
import type { FaxDocumentRef } from './fax-service.js';
import type { FaxFiles } from './fax-files.js';
import type { FaxSettings } from './fax-settings.js';
import { faxDocumentRepo } from './store/fax-document-repo.js';

/** Where the IVR keeps the caller's verified gateway session token (CallSession.data). */
export const GATEWAY_SESSION_KEY = 'gateway.session';

export interface StatementRenderer {
  renderStatement(data: StatementData, options: { resolution: 'standard' | 'fine'; outPath: string }): Promise<WrittenFax>;
}

export interface DocumentSourceDeps {
  db: Knex;
  files: FaxFiles;
  renderer: StatementRenderer;
  gateway(): Pick<CoreBanking, 'faxStatement'> | undefined;
  /** The bank's name as printed on statements. */
  bankName(tenantId: string): Promise<string>;
  settings: FaxSettings;
  now(): Date;
  logger: Logger;
}

export type PrepareFailure =
  /** No verified session for the statement (the IVR must verify the caller first). */
  | 'not-verified'
  /** The core refused (its business code follows after a colon, e.g. "core:SESSION_EXPIRED"). */
  | `core:${string}`
  | 'core-unavailable'
  | 'no-such-document'
  | 'document-failed';

export type Prepared =
  | { ok: true; file: string; pages: number; document: FaxDocumentRef; truncated: boolean }
  | { ok: false; reason: PrepareFailure };

export class FaxDocumentSource {
  constructor(private readonly deps: DocumentSourceDeps) {}

  /**
   * Makes the document ready. `target` (relative) is where a statement is drawn, and where a
   * fax-on-demand document is copied when `copy` is set (queued jobs keep their own copy, so
   * deleting the document later does not break them).
   */
  async prepare(tenantId: string, document: FaxDocument, target: string, options: { gatewaySession?: string | undefined; copy?: boolean } = {}): Promise<Prepared> {
    if (document.kind === 'document') return this.onDemand(tenantId, document.documentId, target, options.copy ?? false);
    const session = (document as { session?: unknown }).session;
    return this.statement(tenantId, document, typeof session === 'string' ? session : options.gatewaySession, target);
  }

  private async onDemand(tenantId: string, idOrCode: string, target: string, copy: boolean): Promise<Prepared> {
    const doc = await faxDocumentRepo.find(this.deps.db, tenantId, idOrCode);
    if (!doc) return { ok: false, reason: 'no-such-document' };
    let file = doc.file;
    if (copy) {
      await copyFile(this.deps.files.abs(doc.file), await this.deps.files.prepare(target));
      file = target;
    }
    return { ok: true, file, pages: doc.pages, document: { kind: 'document', label: doc.title, id: doc.id }, truncated: false };
  }

  private async statement(tenantId: string, request: Extract<FaxDocument, { kind: 'statement' }>, session: string | undefined, target: string): Promise<Prepared> {
    if (!session) return { ok: false, reason: 'not-verified' };
    const gateway = this.deps.gateway();
    if (!gateway) return { ok: false, reason: 'core-unavailable' };
    const today = localDate(this.deps.now());
    const fromDate = request.from ?? localDate(new Date(this.deps.now().getTime() - this.deps.settings.statementDays * 86_400_000));
    const maxEntries = Math.min(request.maxEntries ?? MAX_STATEMENT_TRANSACTIONS, MAX_STATEMENT_TRANSACTIONS);
    let result: Awaited<ReturnType<CoreBanking['faxStatement']>>;
    try {
      result = await gateway.faxStatement({ session, account: request.account, fromDate, ...(request.to ? { toDate: request.to } : {}), maxEntries });
    } catch (err) {
      if (err instanceof GatewayError) {
        this.deps.logger.warn({ code: err.code }, 'statement for fax: core banking unavailable');
        return { ok: false, reason: 'core-unavailable' };
      }
      throw err;
    }
    if (!result.ok) return { ok: false, reason: `core:${result.code}` };
    const data: StatementData = {
      bankName: await this.deps.bankName(tenantId),
      customerName: result.holderName || '-',
      accountNumber: result.account,
      currency: result.currency,
      period: { from: fromDate, to: request.to ?? today },
      openingBalance: result.openingBalance,
      closingBalance: result.closingBalance,
      statementDate: today,
      transactions: result.entries.map((e) => ({
        date: e.date,
        description: e.counterparty ? `${e.summary} ${e.counterparty}` : e.summary,
        amount: e.amount,
        balance: e.balanceAfter,
      })),
    };
    try {
      const written = await this.deps.renderer.renderStatement(data, { resolution: this.deps.settings.resolution, outPath: await this.deps.files.prepare(target) });
      return { ok: true, file: target, pages: written.pages, document: { kind: 'statement', label: maskAccountNumber(result.account), id: null }, truncated: result.truncated };
    } catch (err) {
      if (!(err instanceof FaxDocumentError)) throw err;
      this.deps.logger.error({ code: err.code, detail: err.detail }, 'statement for fax could not be drawn');
      return { ok: false, reason: 'document-failed' };
    }
  }
}

/** YYYY-MM-DD of the server's local calendar (the bank's business day). */
export function localDate(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
