/**
 * Tables: `ivr_flows`, `ivr_flow_versions`.
 * Written by: the flow routes (save, activate) and migration 0014 (the shipped flow); the flow registry reads.
 *
 * IVR flows and their versions in the store. A save adds version latest+1 (never overwrites);
 * activating points the flow at any saved version (roll back = activate an older one).
 * Definitions are stored as JSON text exactly as validated.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { paged, type Page, type PageResult } from '../../store/paging.js';
import { fromDbJson, fromDbTimeRequired, nowDb } from '../../store/time.js';

export interface FlowRecord {
  id: string;
  tenantId: string;
  name: string;
  activeVersion: number | null;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface FlowVersionSummary {
  id: string;
  flowId: string;
  version: number;
  comment: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface FlowVersionRecord extends FlowVersionSummary {
  tenantId: string;
  definition: unknown;
}

interface FlowRow {
  id: string;
  tenant_id: string;
  name: string;
  active_version: number | null;
  latest_version: number;
  created_at: unknown;
  updated_at: unknown;
}

interface VersionRow {
  id: string;
  flow_id: string;
  tenant_id: string;
  version: number;
  definition_json?: unknown;
  comment: string | null;
  created_by: string | null;
  created_at: unknown;
}

function flowFromRow(row: FlowRow): FlowRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    activeVersion: row.active_version === null ? null : Number(row.active_version),
    latestVersion: Number(row.latest_version),
    createdAt: fromDbTimeRequired(row.created_at),
    updatedAt: fromDbTimeRequired(row.updated_at),
  };
}

function summaryFromRow(row: VersionRow): FlowVersionSummary {
  return {
    id: row.id,
    flowId: row.flow_id,
    version: Number(row.version),
    comment: row.comment,
    createdBy: row.created_by,
    createdAt: fromDbTimeRequired(row.created_at),
  };
}

function versionFromRow(row: VersionRow): FlowVersionRecord {
  return { ...summaryFromRow(row), tenantId: row.tenant_id, definition: fromDbJson(row.definition_json) };
}

const SUMMARY_COLUMNS = ['id', 'flow_id', 'tenant_id', 'version', 'comment', 'created_by', 'created_at'];

export const flowsRepo = {
  async get(db: Knex, tenantId: string, id: string): Promise<FlowRecord | undefined> {
    const row = (await db('ivr_flows').where({ tenant_id: tenantId, id }).first()) as FlowRow | undefined;
    return row ? flowFromRow(row) : undefined;
  },

  async getByName(db: Knex, tenantId: string, name: string): Promise<FlowRecord | undefined> {
    const row = (await db('ivr_flows').where({ tenant_id: tenantId, name }).first()) as FlowRow | undefined;
    return row ? flowFromRow(row) : undefined;
  },

  async list(db: Knex, tenantId: string, page: Page, filter: { name?: string } = {}): Promise<PageResult<FlowRecord>> {
    const q = db('ivr_flows').where({ tenant_id: tenantId }).orderBy('name');
    if (filter.name) q.andWhere({ name: filter.name });
    return paged(q, page, flowFromRow);
  },

  async versions(db: Knex, tenantId: string, flowId: string, page: Page): Promise<PageResult<FlowVersionSummary>> {
    const q = db('ivr_flow_versions').select(SUMMARY_COLUMNS).where({ tenant_id: tenantId, flow_id: flowId }).orderBy('version', 'desc');
    return paged(q, page, summaryFromRow);
  },

  async version(db: Knex, tenantId: string, id: string): Promise<FlowVersionRecord | undefined> {
    const row = (await db('ivr_flow_versions').where({ tenant_id: tenantId, id }).first()) as VersionRow | undefined;
    return row ? versionFromRow(row) : undefined;
  },

  async versionByNumber(db: Knex, tenantId: string, flowId: string, version: number): Promise<FlowVersionRecord | undefined> {
    const row = (await db('ivr_flow_versions').where({ tenant_id: tenantId, flow_id: flowId, version }).first()) as VersionRow | undefined;
    return row ? versionFromRow(row) : undefined;
  },

  /** The version that answers new calls, by flow name. */
  async activeVersion(db: Knex, tenantId: string, name: string): Promise<{ version: number; versionId: string } | undefined> {
    const row = (await db('ivr_flows as f')
      .join('ivr_flow_versions as v', function joinActive() {
        this.on('v.flow_id', '=', 'f.id').andOn('v.version', '=', 'f.active_version');
      })
      .where({ 'f.tenant_id': tenantId, 'f.name': name })
      .first('v.id as id', 'v.version as version')) as { id: string; version: number } | undefined;
    return row ? { version: Number(row.version), versionId: row.id } : undefined;
  },

  /**
   * Adds a version (creating the flow on its first save); with `activate` it answers new calls
   * at once. Run inside a transaction: the unique (flow, version) key refuses a concurrent save
   * of the same number.
   */
  async saveVersion(
    db: Knex,
    input: { tenantId: string; name: string; definition: unknown; comment?: string | null; createdBy: string | null; activate: boolean },
  ): Promise<{ flow: FlowRecord; version: FlowVersionRecord }> {
    const now = nowDb();
    let flow = await flowsRepo.getByName(db, input.tenantId, input.name);
    if (!flow) {
      const id = randomUUID();
      await db('ivr_flows').insert({ id, tenant_id: input.tenantId, name: input.name, active_version: null, latest_version: 0, created_at: now, updated_at: now });
      flow = (await flowsRepo.get(db, input.tenantId, id))!;
    }
    const version = flow.latestVersion + 1;
    const versionId = randomUUID();
    await db('ivr_flow_versions').insert({
      id: versionId,
      flow_id: flow.id,
      tenant_id: input.tenantId,
      version,
      definition_json: JSON.stringify(input.definition),
      comment: input.comment ?? null,
      created_by: input.createdBy,
      created_at: now,
    });
    const changes: Record<string, unknown> = { latest_version: version, updated_at: now };
    if (input.activate) changes['active_version'] = version;
    await db('ivr_flows').where({ id: flow.id, latest_version: flow.latestVersion }).update(changes);
    return { flow: (await flowsRepo.get(db, input.tenantId, flow.id))!, version: (await flowsRepo.version(db, input.tenantId, versionId))! };
  },

  async activate(db: Knex, tenantId: string, flowId: string, version: number): Promise<FlowRecord | undefined> {
    await db('ivr_flows').where({ tenant_id: tenantId, id: flowId }).update({ active_version: version, updated_at: nowDb() });
    return flowsRepo.get(db, tenantId, flowId);
  },
};
