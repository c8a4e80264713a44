/**
 * Record operations: the unit that is written to the database, or to the journal while the
 * database is away, and replayed from it. Plain JSON so that the journal can hold them.
 *
 * Every operation carries the record's id; CDR stage updates also carry the leg's stage number
 * (seq). Applying an operation twice changes nothing the second time: inserts are ignored when
 * the id exists, and a stage is applied only over an older one. Row operations (ACD activity,
 * recording metadata) are defined in row-ops.ts.
 */
import type { Knex } from 'knex';
import { cdrRepo, type CdrInsert, type CdrStageFields } from './store/cdr-repo.js';
import { trunkAccessRepo, agentServiceRepo, allBusyRepo, transactionRepo, type TrunkAccessEntry, type AgentServiceEntry, type AllBusyEntry, type TransactionEntry } from './store/logs-repo.js';
import { auditRepo, type AuditEntry } from './store/audit-repo.js';
import { applyRowOp, type RowOp } from './row-ops.js';

export type RecordOp =
  | { kind: 'cdr.offered'; id: string; record: CdrInsert }
  | { kind: 'cdr.stage'; id: string; seq: number; stage: string; fields: CdrStageFields }
  | { kind: 'trunkAccess'; id: string; record: TrunkAccessEntry }
  | { kind: 'agentLog'; id: string; record: AgentServiceEntry }
  | { kind: 'allBusy'; id: string; record: AllBusyEntry }
  | { kind: 'transaction'; id: string; record: TransactionEntry }
  | { kind: 'audit'; id: string; record: AuditEntry }
  | RowOp;

export type RecordKind = RecordOp['kind'];

/** Apply one operation; idempotent. */
export async function applyRecordOp(db: Knex, op: RecordOp): Promise<void> {
  switch (op.kind) {
    case 'cdr.offered':
      return cdrRepo.insertOffered(db, op.record);
    case 'cdr.stage':
      await cdrRepo.applyStage(db, op.id, op.seq, op.fields);
      return;
    case 'trunkAccess':
      return trunkAccessRepo.insert(db, op.record);
    case 'agentLog':
      return agentServiceRepo.insert(db, op.record);
    case 'allBusy':
      return allBusyRepo.insert(db, op.record);
    case 'transaction':
      return transactionRepo.insert(db, op.record);
    case 'audit':
      return auditRepo.insert(db, op.record);
    case 'row.insert':
    case 'row.upsert':
    case 'row.update':
      return applyRowOp(db, op);
  }
}
