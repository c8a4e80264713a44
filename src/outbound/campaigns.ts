/**
 * The campaign operations the routes (and later the dialler) call: create, edit, change state,
 * delete, import a number list. Each takes the database handle it runs in — the route's
 * transaction — so that a change and its audit entry commit together.
 */
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../http/errors.js';
import { nextCampaignState, type CampaignAction } from './campaign-state.js';
import type { CampaignCreate, CampaignUpdate } from './campaign-settings.js';
import { OutboundError } from './outbound-errors.js';
import { campaignsRepo, type Campaign } from './store/campaigns-repo.js';
import { campaignNumbersRepo } from './store/campaign-numbers-repo.js';
import { doNotCallRepo } from './store/do-not-call-repo.js';
import { checkRows, type RefusedRow } from './import/check-rows.js';
import { readUploadedList } from './import/read-upload.js';
import type { Sheet } from './import/sheet.js';

export async function getCampaign(db: Knex, tenantId: string, id: string): Promise<Campaign> {
  const campaign = await campaignsRepo.get(db, tenantId, id);
  if (!campaign) throw new NotFoundError('campaign');
  return campaign;
}

async function refuseTakenName(db: Knex, tenantId: string, name: string, exceptId?: string): Promise<void> {
  if (await campaignsRepo.nameTaken(db, tenantId, name, exceptId)) throw new OutboundError('outbound_campaign_name_taken', `a campaign named "${name}" exists already`);
}

export async function createCampaign(db: Knex, tenantId: string, input: CampaignCreate, createdBy: string | null): Promise<Campaign> {
  await refuseTakenName(db, tenantId, input.name);
  return campaignsRepo.insert(db, { ...input, id: randomUUID(), tenantId, createdBy });
}

/** Edits apply to the campaign's next dials; a stopped campaign is final. */
export async function updateCampaign(db: Knex, tenantId: string, id: string, input: CampaignUpdate): Promise<{ before: Campaign; after: Campaign }> {
  const before = await getCampaign(db, tenantId, id);
  if (before.state === 'stopped') throw new OutboundError('outbound_campaign_stopped', 'a stopped campaign cannot be changed');
  if (input.name !== undefined && input.name !== before.name) await refuseTakenName(db, tenantId, input.name, id);
  const after = (await campaignsRepo.update(db, tenantId, id, input))!;
  return { before, after };
}

export async function changeCampaignState(db: Knex, tenantId: string, id: string, action: CampaignAction): Promise<{ before: Campaign; after: Campaign }> {
  const before = await getCampaign(db, tenantId, id);
  const to = nextCampaignState(before.state, action);
  if (!(await campaignsRepo.setState(db, tenantId, id, before.state, to))) {
    throw new OutboundError('outbound_campaign_state', 'the campaign changed state meanwhile: reload it');
  }
  return { before, after: (await campaignsRepo.get(db, tenantId, id))! };
}

export async function deleteCampaign(db: Knex, tenantId: string, id: string): Promise<Campaign> {
  const campaign = await getCampaign(db, tenantId, id);
  if (campaign.state === 'running' || campaign.state === 'paused') {
    throw new OutboundError('outbound_campaign_in_use', `a ${campaign.state} campaign cannot be deleted: stop it first`);
  }
  await campaignsRepo.remove(db, tenantId, id);
  return campaign;
}

export interface ImportResult {
  dryRun: boolean;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  phoneColumn: string;
  variableNames: string[];
  rows: number;
  accepted: number;
  /** Numbers stored (0 on a dry run). */
  stored: number;
  refused: RefusedRow[];
}

/**
 * Reads the list, checks every row and, unless it is a dry run, stores the accepted numbers in
 * `db` (the caller's transaction: all of them or none). Refused rows are never stored.
 */
export async function importNumbers(db: Knex, tenantId: string, campaignId: string, bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  await importableCampaign(db, tenantId, campaignId);
  return importSheet(db, tenantId, campaignId, await readUploadedList(bytes), options);
}

export interface ImportOptions {
  dryRun: boolean;
  phoneColumn?: string;
}

async function importableCampaign(db: Knex, tenantId: string, campaignId: string): Promise<Campaign> {
  const campaign = await getCampaign(db, tenantId, campaignId);
  if (campaign.state === 'stopped') throw new OutboundError('outbound_campaign_stopped', 'a stopped campaign takes no more numbers');
  return campaign;
}

/**
 * importNumbers for a list read already (import/read-upload.ts): a route reads the upload
 * before it opens the transaction, so that no connection is held while a spreadsheet is parsed.
 */
export async function importSheet(db: Knex, tenantId: string, campaignId: string, sheet: Sheet, options: ImportOptions): Promise<ImportResult> {
  await importableCampaign(db, tenantId, campaignId);
  const checked = await checkRows(
    sheet,
    {
      inCampaign: (phones) => campaignNumbersRepo.existing(db, campaignId, phones),
      onDoNotCall: (phones) => doNotCallRepo.listed(db, tenantId, phones),
    },
    options.phoneColumn !== undefined ? { phoneColumn: options.phoneColumn } : {},
  );
  const stored = options.dryRun ? 0 : await campaignNumbersRepo.insertMany(db, tenantId, campaignId, checked.accepted);
  return {
    dryRun: options.dryRun,
    format: sheet.format,
    encoding: sheet.encoding,
    phoneColumn: checked.phoneColumn,
    variableNames: checked.variableNames,
    rows: checked.accepted.length + checked.refused.length,
    accepted: checked.accepted.length,
    stored,
    refused: checked.refused,
  };
}
