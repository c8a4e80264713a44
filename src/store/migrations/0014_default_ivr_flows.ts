import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { TellerlineMigration } from './types.js';
import { DEFAULT_BANK_TENANT_ID } from '../../tenants/default-bank.js';
import { nowDb } from '../time.js';
import { mainFlowDefinition } from '../../ivr/flows/default-flows.js';
import { parseFlow } from '../../ivr/engine/flow-validation.js';

/**
 * The default bank's IVR flows as shipped (src/ivr/flows): version 1 of `main`, active. Data
 * only, no DDL. The bank edits them like any flow (each save a new version).
 */
export const migration: TellerlineMigration = {
  name: '0014_default_ivr_flows',
  kind: 'data',
  async up(knex: Knex) {
    const tenant = await knex('tenants').where({ id: DEFAULT_BANK_TENANT_ID }).first();
    if (!tenant) return;
    const flows: Record<string, unknown> = { main: mainFlowDefinition() };
    for (const [name, definition] of Object.entries(flows)) {
      parseFlow(definition); // a shipped flow that does not validate must fail the upgrade, loudly
      if (await knex('ivr_flows').where({ tenant_id: DEFAULT_BANK_TENANT_ID, name }).first()) continue;
      const now = nowDb();
      const flowId = randomUUID();
      await knex('ivr_flows').insert({ id: flowId, tenant_id: DEFAULT_BANK_TENANT_ID, name, active_version: 1, latest_version: 1, created_at: now, updated_at: now });
      await knex('ivr_flow_versions').insert({
        id: randomUUID(),
        flow_id: flowId,
        tenant_id: DEFAULT_BANK_TENANT_ID,
        version: 1,
        definition_json: JSON.stringify(definition),
        comment: 'shipped with Tellerline',
        created_by: 'system',
        created_at: now,
      });
    }
  },
  async down(knex: Knex) {
    const ids = (await knex('ivr_flows').where({ tenant_id: DEFAULT_BANK_TENANT_ID, name: 'main' }).select('id')) as Array<{ id: string }>;
    for (const { id } of ids) {
      await knex('ivr_flow_versions').where({ flow_id: id }).delete();
      await knex('ivr_flows').where({ id }).delete();
    }
  },
};
