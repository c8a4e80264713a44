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
// IVR: flows, settings, PIN locks, voicemail; the shipped flows.
import { migration as m0010 } from './0010_ivr_flows.js';
import { migration as m0011 } from './0011_ivr_settings.js';
import { migration as m0012 } from './0012_ivr_pin_locks.js';
import { migration as m0013 } from './0013_voicemail_messages.js';
import { migration as m0014 } from './0014_default_ivr_flows.js';
const ivrMigrations = [m0010, m0011, m0012, m0013, m0014];
// ACD: configuration, activity, recordings.
import { migration as m0020 } from './0020_acd_configuration.js';
import { migration as m0021 } from './0021_acd_activity.js';
import { migration as m0022 } from './0022_recordings.js';
const acdMigrations = [m0020, m0021, m0022];
// Fax: faxes and jobs, retention, who asked for a job.
import { migration as m0030 } from './0030_fax.js';
import { migration as m0031 } from './0031_fax_retention.js';
import { migration as m0032 } from './0032_fax_job_requested_by.js';
const faxMigrations = [m0030, m0031, m0032];

// --- back office: roles as data, the dial plan as data ---
import { migration as m0040 } from './0040_custom_roles.js';
import { migration as m0041 } from './0041_dial_plan.js';
import { migration as m0042 } from './0042_trunk_settings.js';
const backOfficeMigrations = [m0040, m0041, m0042];
// --- end back office ---

// --- security ---
import { migration as m0044 } from './0044_session_security.js';
import { migration as m0049 } from './0049_password_history.js';
const securityMigrations = [m0044, m0049];
// --- end security ---

// --- outbound campaigns ---
import { migration as m0045 } from './0045_outbound_campaigns.js';
import { migration as m0046 } from './0046_outbound_dialling.js';
import { migration as m0047 } from './0047_outbound_attempts.js';
import { migration as m0050 } from './0050_outbound_recording_and_dialler_lease.js';
const outboundMigrations = [m0045, m0046, m0047, m0050];
// --- end outbound campaigns ---

// --- security review, rest ---
import { migration as m0048 } from './0048_login_names_and_throttle.js';
const securityRestMigrations = [m0048];
// --- end security review, rest ---

export const migrations: readonly TellerlineMigration[] = [m0001, m0002, m0003, m0004, m0005, ...ivrMigrations, ...acdMigrations, ...faxMigrations, ...backOfficeMigrations, ...securityMigrations, ...outboundMigrations, ...securityRestMigrations];
export type { TellerlineMigration } from './types.js';
