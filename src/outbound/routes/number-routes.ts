/**
 * A campaign's numbers over HTTP: import a list (multipart/form-data, field "file", CSV or
 * XLSX; `?dryRun=true` reports what would be stored and refused, storing nothing) and the
 * numbers with their attempt state, paged by the server.
 */
import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { idParams, pageOf, pageQueryShape, tenantQueryShape } from '../../http/schemas.js';
import { platformErrors } from '../../http/errors.js';
import { receiveMultipartUpload } from '../../http/multipart-upload.js';
import { getCampaign, importSheet } from '../campaigns.js';
import { readUploadedList } from '../import/read-upload.js';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../import/sheet.js';
import { outboundErrors } from '../outbound-errors.js';
import { campaignNumbersRepo } from '../store/campaign-numbers-repo.js';
import { campaignNumberSchema, importResultSchema } from './outbound-schemas.js';

const booleanFlag = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');

export const numberRoutes: AnyRoute[] = [
  defineRoute({
    id: 'outboundCampaigns.import',
    method: 'POST',
    path: '/outbound/campaigns/:id/numbers/import',
    resource: 'outboundCampaigns',
    summary: 'Import a number list (multipart/form-data, field "file": CSV in UTF-8 or GB18030, or XLSX)',
    description:
      `The first row titles the columns: the phone column ("phone", "number", "mobile", "电话", "号码", "手机"... or the one named by phoneColumn), every other column a variable of the row. ` +
      `Up to ${MAX_IMPORT_ROWS} rows and ${MAX_IMPORT_BYTES / (1024 * 1024)} MB. Every refused row comes back with its reason (missing_number, bad_number, duplicate_in_file, duplicate_in_campaign, do_not_call, value_too_long); ` +
      'the accepted rows are stored in one transaction, or not at all with dryRun=true. Values that look like card numbers are stored masked.',
    access: 'outbound:write',
    params: idParams,
    query: z
      .object({
        dryRun: booleanFlag.describe('true: check the list and report, store nothing'),
        phoneColumn: z.string().trim().min(1).max(100).optional().describe('the title of the phone column, when it is not one of the usual ones'),
      })
      .strict(),
    response: importResultSchema,
    errors: [platformErrors.not_found, platformErrors.no_file, outboundErrors.outbound_import_unreadable, outboundErrors.outbound_campaign_stopped],
    // The upload streams in first: no transaction held open meanwhile; the import has its own.
    transaction: false,
    handler: async ({ db, params, query, koa, services, scopeTenant, audit }) => {
      const tenantId = scopeTenant();
      await getCampaign(db, tenantId, params.id);
      const upload = await receiveMultipartUpload(koa.req, { maxBytes: MAX_IMPORT_BYTES, fileField: 'file' });
      try {
        const bytes = await readFile(upload.path);
        const options = { dryRun: query.dryRun, ...(query.phoneColumn !== undefined ? { phoneColumn: query.phoneColumn } : {}) };
        // Read (off the event loop for a spreadsheet) before the transaction: no connection held meanwhile.
        const sheet = await readUploadedList(bytes);
        const result = await db.transaction((trx) => importSheet(trx, tenantId, params.id, sheet, options));
        const { refused, ...summary } = result;
        await audit({ targetType: 'outboundCampaign', targetId: params.id, after: { ...summary, refused: refused.length, fileName: upload.fileName, bytes: upload.size } });
        if (result.stored > 0) services.outbound?.dialler?.poke(params.id);
        return result;
      } finally {
        await rm(upload.dir, { recursive: true, force: true });
      }
    },
  }),
  defineRoute({
    id: 'outboundCampaigns.numbers',
    method: 'GET',
    path: '/outbound/campaigns/:id/numbers',
    resource: 'outboundCampaigns',
    summary: 'The numbers of a campaign, in import order, with their attempts (paged; q searches the number)',
    access: 'outbound:read',
    params: idParams,
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, q: z.string().trim().max(32).optional() }).strict(),
    response: pageOf(campaignNumberSchema),
    errors: [platformErrors.not_found],
    handler: async ({ db, params, query, scopeTenant }) => {
      const tenantId = scopeTenant(query.tenantId);
      await getCampaign(db, tenantId, params.id);
      return campaignNumbersRepo.list(db, tenantId, params.id, query, query.q ? { search: query.q } : {});
    },
  }),
];
