/**
 * What other modules may read of the call records. Only the records writer (service.ts, through
 * the journal) writes the cdr table; everyone else reads it here, read-only.
 */
import type { Knex } from 'knex';
import type { Page, PageResult } from '../store/paging.js';
import { cdrRepo, type CdrFilter, type CdrRecord } from './store/cdr-repo.js';

export type { CdrFilter, CdrRecord };

/** A tenant's call legs, newest first, filtered and paged. */
export function queryCdrs(db: Knex, tenantId: string, filter: CdrFilter, page: Page): Promise<PageResult<CdrRecord>> {
  return cdrRepo.query(db, tenantId, filter, page);
}
