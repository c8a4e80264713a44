/**
 * Tables: `trunk_settings`.
 * Written by: telephony only (the trunk routes). The spans themselves come from the card
 * configuration; a row holds a span's name and whether outbound calls may use it.
 */
import type { Knex } from 'knex';
import { fromDbBool, fromDbTimeRequired, nowDb } from '../../store/time.js';

export interface TrunkSetting {
  span: number;
  name: string;
  outbound: boolean;
  updatedAt: string | null;
}

interface Row {
  span: number;
  name: string;
  outbound: unknown;
  updated_at: unknown;
}

export const trunkSettingsRepo = {
  async all(db: Knex): Promise<TrunkSetting[]> {
    const rows = (await db('trunk_settings').orderBy('span')) as Row[];
    return rows.map((r) => ({ span: Number(r.span), name: r.name, outbound: fromDbBool(r.outbound), updatedAt: fromDbTimeRequired(r.updated_at) }));
  },
  async save(db: Knex, setting: Omit<TrunkSetting, 'updatedAt'>): Promise<void> {
    const values = { name: setting.name, outbound: setting.outbound, updated_at: nowDb() };
    const changed = await db('trunk_settings').where({ span: setting.span }).update(values);
    if (changed === 0) await db('trunk_settings').insert({ span: setting.span, ...values });
  },
};
