/**
 * outbound_dialler_lease: which server's dialler dials on this database. Written only by the
 * dialler's lease (dialler/dialler-lease.ts). Each write is one conditional statement, so two
 * servers racing for it cannot both win.
 */
import type { Knex } from 'knex';

const TABLE = 'outbound_dialler_lease';
const ROW = 'dialler';

export const diallerLeaseRepo = {
  /** Takes or renews the lease when it is ours or has lapsed; true when we hold it until `expiresAt`. */
  async take(db: Knex, holder: string, now: number, expiresAt: number): Promise<boolean> {
    const updated = await db(TABLE)
      .where({ id: ROW })
      .andWhere((q) => q.where({ holder }).orWhere('expires_at', '<', now))
      .update({ holder, expires_at: expiresAt });
    if (updated > 0) return true;
    if (await db(TABLE).where({ id: ROW }).first()) return false;
    try {
      await db(TABLE).insert({ id: ROW, holder, expires_at: expiresAt });
      return true;
    } catch {
      // Another server inserted it first.
      return false;
    }
  },

  /** Gives the lease up at once (a clean shutdown), if we hold it. */
  async release(db: Knex, holder: string): Promise<void> {
    await db(TABLE).where({ id: ROW, holder }).update({ expires_at: 0 });
  },

  async holder(db: Knex): Promise<{ holder: string; expiresAt: number } | undefined> {
    const row = (await db(TABLE).where({ id: ROW }).first()) as { holder: string; expires_at: number | string } | undefined;
    return row ? { holder: row.holder, expiresAt: Number(row.expires_at) } : undefined;
  },
};
