/**
 * Tables: `fax_documents`.
 * Written by: the fax routes (uploads); fax on demand and the document source read.
 *
 * Rows of fax_documents: the bank's fax-on-demand documents, each already converted to a
 * TIFF/F at upload. The IVR names a document by its `code` (unique per tenant) or its id.
 */
import type { Knex } from 'knex';
import { fromDbTimeRequired, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';

export interface FaxOnDemandDocument {
  id: string;
  tenantId: string;
  code: string;
  title: string;
  originalName: string | null;
  originalType: string;
  originalBytes: number;
  resolution: 'standard' | 'fine';
  pages: number;
  tiffBytes: number;
  /** Relative to the fax directory. */
  file: string;
  createdBy: string | null;
  createdAt: string;
}

type Row = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fromRow(row: Row): FaxOnDemandDocument {
  return {
    id: String(row['id']),
    tenantId: String(row['tenant_id']),
    code: String(row['code']),
    title: String(row['title']),
    originalName: row['original_name'] === null || row['original_name'] === undefined ? null : String(row['original_name']),
    originalType: String(row['original_type']),
    originalBytes: Number(row['original_bytes']),
    resolution: String(row['resolution']) as 'standard' | 'fine',
    pages: Number(row['pages']),
    tiffBytes: Number(row['tiff_bytes']),
    file: String(row['file']),
    createdBy: row['created_by'] === null || row['created_by'] === undefined ? null : String(row['created_by']),
    createdAt: fromDbTimeRequired(row['created_at']),
  };
}

export const faxDocumentRepo = {
  async insert(db: Knex, d: FaxOnDemandDocument): Promise<void> {
    await db('fax_documents').insert({
      id: d.id,
      tenant_id: d.tenantId,
      code: d.code,
      title: d.title,
      original_name: d.originalName,
      original_type: d.originalType,
      original_bytes: d.originalBytes,
      resolution: d.resolution,
      pages: d.pages,
      tiff_bytes: d.tiffBytes,
      file: d.file,
      created_by: d.createdBy,
      created_at: toDbTime(d.createdAt),
    });
  },

  async get(db: Knex, tenantId: string, id: string): Promise<FaxOnDemandDocument | undefined> {
    const row = (await db('fax_documents').where({ id, tenant_id: tenantId }).first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },

  /** By id or by code: what the IVR's menu names. */
  async find(db: Knex, tenantId: string, idOrCode: string): Promise<FaxOnDemandDocument | undefined> {
    const q = db('fax_documents').where({ tenant_id: tenantId });
    if (UUID.test(idOrCode)) q.andWhere((w) => w.where({ id: idOrCode }).orWhere({ code: idOrCode }));
    else q.andWhere({ code: idOrCode });
    const row = (await q.first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },

  async list(db: Knex, tenantId: string, page: Page): Promise<PageResult<FaxOnDemandDocument>> {
    return paged(db('fax_documents').where({ tenant_id: tenantId }).orderBy([{ column: 'code', order: 'asc' }]), page, fromRow);
  },

  async delete(db: Knex, tenantId: string, id: string): Promise<boolean> {
    return (await db('fax_documents').where({ id, tenant_id: tenantId }).delete()) === 1;
  },
};
