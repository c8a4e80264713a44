/**
 * Tables: `ivr_settings`.
 * Written by: the IVR settings service and routes.
 *
 * A tenant's IVR settings row (JSON); absent means the defaults.
 */
import type { Knex } from 'knex';
import { fromDbJson, fromDbTimeRequired, nowDb } from '../../store/time.js';

export interface StoredSettings {
  settings: unknown;
  updatedBy: string | null;
  updatedAt: string;
}

export const ivrSettingsRepo = {
  async get(db: Knex, tenantId: string): Promise<StoredSettings | undefined> {
    const row = (await db('ivr_settings').where({ tenant_id: tenantId }).first()) as
      | { settings_json: unknown; updated_by: string | null; updated_at: unknown }
      | undefined;
    return row ? { settings: fromDbJson(row.settings_json), updatedBy: row.updated_by, updatedAt: fromDbTimeRequired(row.updated_at) } : undefined;
  },

  async put(db: Knex, tenantId: string, settings: unknown, updatedBy: string | null): Promise<void> {
    const row = { settings_json: JSON.stringify(settings), updated_by: updatedBy, updated_at: nowDb() };
    const changed = await db('ivr_settings').where({ tenant_id: tenantId }).update(row);
    if (changed === 0) await db('ivr_settings').insert({ tenant_id: tenantId, ...row });
  },
};
