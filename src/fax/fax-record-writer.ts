/**
 * Writes a fax's rows (`faxes`, `fax_pages`) to the database, or, while it cannot be reached,
 * through the records writer and its journal (row operations), so that a statement faxed during
 * a database outage is still recorded. Once one of a fax's writes went that way, its later ones
 * follow it (the records writer keeps their order: the result never lands before the row).
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Row, RowOp } from '../records/row-ops.js';
import type { WritePath } from '../records/writer.js';
import { isUnavailableError } from '../store/errors.js';
import { faxRepo, type FaxInsert, type FaxOutcomeFields, type FaxPage } from './store/fax-repo.js';

export type KeepRow = (op: RowOp) => Promise<WritePath>;

export class FaxRecordWriter {
  /** Faxes whose rows are going through the records writer. */
  private readonly journalled = new Set<string>();

  constructor(
    private readonly db: Knex,
    private readonly keepRow: KeepRow | undefined,
    private readonly logger: Logger,
  ) {}

  async insert(fax: FaxInsert): Promise<void> {
    await this.write(fax.id, () => faxRepo.insert(this.db, fax), () => [{ kind: 'row.insert', id: fax.id, table: 'faxes', row: faxRepo.insertRow(fax) as Row }]);
  }

  async update(id: string, fields: FaxOutcomeFields): Promise<void> {
    const row = faxRepo.outcomeRow(fields);
    if (Object.keys(row).length === 0) return;
    await this.write(id, () => faxRepo.update(this.db, id, fields), () => [{ kind: 'row.update', id, table: 'faxes', key: { id }, values: row as Row }]);
  }

  async insertPages(faxId: string, pages: FaxPage[]): Promise<void> {
    if (pages.length === 0) return;
    await this.write(faxId, () => faxRepo.insertPages(this.db, pages), () =>
      pages.map((p) => {
        const { fax_id, page, ...values } = faxRepo.pageRow(p);
        return { kind: 'row.upsert', id: `${faxId}/${page}`, table: 'fax_pages', key: { fax_id, page }, values };
      }),
    );
  }

  /** The fax's last write is done: forget which way its rows went. */
  done(id: string): void {
    this.journalled.delete(id);
  }

  private async write(id: string, direct: () => Promise<void>, ops: () => RowOp[]): Promise<void> {
    if (!this.journalled.has(id)) {
      try {
        await direct();
        return;
      } catch (err) {
        if (!this.keepRow || !isUnavailableError(err)) throw err;
        this.journalled.add(id);
        this.logger.warn({ faxId: id }, 'database unreachable: the fax is recorded through the records journal');
      }
    }
    for (const op of ops()) await this.keepRow!(op);
  }
}
