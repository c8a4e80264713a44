/**
 * The ordered list of migrations. Listed here (not discovered on disk) so that they load the
 * same way under tsx, from a build, and from any working directory. Add new ones at the end.
 */
import type { TellerlineMigration } from './types.js';
import { migration as m0001 } from './0001_tenants_and_operators.js';
import { migration as m0002 } from './0002_audit_log.js';
import { migration as m0003 } from './0003_call_records.js';
import { migration as m0004 } from './0004_platform_tenant.js';
import { migration as m0005 } from './0005_default_bank_tenant.js';
// ACD and recordings (h/acdint)
import { migration as m0020 } from './0020_acd_configuration.js';
import { migration as m0021 } from './0021_acd_activity.js';
import { migration as m0022 } from './0022_recordings.js';

export const migrations: readonly TellerlineMigration[] = [
  m0001, m0002, m0003, m0004, m0005,
  // ACD and recordings (h/acdint)
  m0020, m0021, m0022,
];
export type { TellerlineMigration } from './types.js';
