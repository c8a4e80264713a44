/**
 * Tables: `sessions`.
 * Written by: AuthService only (log in, log out, expiry); operator routes end sessions through it.
 */
import type { Knex } from 'knex';
import { fromDbTimeRequired, nowDb, toDbTime } from '../../store/time.js';

export interface SessionRecord {
  idHash: string;
  operatorId: string;
  tenantId: string;
  createdAt: string;
  expiresAt: string;
}

interface SessionRow {
  id_hash: string;
  operator_id: string;
  tenant_id: string;
  created_at: unknown;
  expires_at: unknown;
}

export const sessionsRepo = {
  async insert(db: Knex, s: { idHash: string; operatorId: string; tenantId: string; expiresAt: Date; ip: string | null; userAgent: string | null }): Promise<void> {
    await db('sessions').insert({
      id_hash: s.idHash,
      operator_id: s.operatorId,
      tenant_id: s.tenantId,
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 255) ?? null,
      created_at: nowDb(),
      expires_at: toDbTime(s.expiresAt),
    });
  },
  /** The session if it exists, has not expired and (with `idleSeconds`) was used recently. */
  async getLive(db: Knex, idHash: string, now: Date = new Date(), idleSeconds?: number): Promise<SessionRecord | undefined> {
    const row = (await db('sessions').where({ id_hash: idHash }).andWhere('expires_at', '>', toDbTime(now)).first()) as (SessionRow & { last_seen_at: unknown }) | undefined;
    if (!row) return undefined;
    if (idleSeconds !== undefined) {
      const lastSeen = Date.parse(fromDbTimeRequired(row.last_seen_at ?? row.created_at));
      if (now.getTime() - lastSeen > idleSeconds * 1000) return undefined;
      // Written at most once a minute per session: a busy screen does not write on every request.
      if (now.getTime() - lastSeen > 60_000) await db('sessions').where({ id_hash: idHash }).update({ last_seen_at: toDbTime(now) });
    }
    return {
      idHash: row.id_hash,
      operatorId: row.operator_id,
      tenantId: row.tenant_id,
      createdAt: fromDbTimeRequired(row.created_at),
      expiresAt: fromDbTimeRequired(row.expires_at),
    };
  },
  async delete(db: Knex, idHash: string): Promise<void> {
    await db('sessions').where({ id_hash: idHash }).delete();
  },
  async deleteForOperator(db: Knex, operatorId: string, exceptIdHash?: string): Promise<void> {
    const q = db('sessions').where({ operator_id: operatorId });
    if (exceptIdHash) q.andWhereNot({ id_hash: exceptIdHash });
    await q.delete();
  },
  async deleteExpired(db: Knex, now: Date = new Date()): Promise<number> {
    return db('sessions').where('expires_at', '<=', toDbTime(now)).delete();
  },
};
