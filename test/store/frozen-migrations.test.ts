/**
 * Data migrations write frozen copies of what they seed (they import no application code).
 * These tests keep the copies honest: the seeded tenants are the ones the code names, and the
 * flow migration 0014 wrote still validates and is the default bank's active `main`.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/store.js';
import { sqliteConfig } from '../helpers/backends.js';
import { PLATFORM_TENANT_ID, PLATFORM_TENANT_CODE } from '../../src/tenants/platform.js';
import { DEFAULT_BANK_TENANT_ID, DEFAULT_BANK_TENANT_CODE } from '../../src/tenants/default-bank.js';
import { mainFlowAt0014 } from '../../src/store/migrations/0014_default_ivr_flows.data.js';
import { parseFlow } from '../../src/ivr/engine/flow-validation.js';

test('the seeded tenants carry the ids and codes the code names', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-frozen-'));
  const store = await openStore(sqliteConfig(join(dir, 'db.sqlite')), { migrate: 'apply' });
  try {
    const rows = (await store.knex('tenants').select('id', 'code').orderBy('id')) as Array<{ id: string; code: string }>;
    t.deepEqual(rows, [
      { id: PLATFORM_TENANT_ID, code: PLATFORM_TENANT_CODE },
      { id: DEFAULT_BANK_TENANT_ID, code: DEFAULT_BANK_TENANT_CODE },
    ]);
    const flow = (await store.knex('ivr_flows').where({ tenant_id: DEFAULT_BANK_TENANT_ID, name: 'main' }).first()) as { active_version: number } | undefined;
    t.is(flow?.active_version, 1);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the flow migration 0014 wrote still validates with the flow schema of today', (t) => {
  const flow = parseFlow(mainFlowAt0014);
  t.is(flow.start, 'welcome');
  t.true(Object.keys(flow.nodes).length > 100);
});
