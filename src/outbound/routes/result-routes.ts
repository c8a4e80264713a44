/**
 * A campaign's progress and results over HTTP: the live progress, its attempts (paged, sorted,
 * filtered by outcome), and every attempt as CSV or XLSX (each export audited: it carries the
 * customers' variables).
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute, type RouteContext } from '../../http/routes.js';
import { idParams, pageOf, pageQueryShape, tenantQueryShape } from '../../http/schemas.js';
import { platformErrors } from '../../http/errors.js';
import { getCampaign } from '../campaigns.js';
import { ATTEMPT_OUTCOMES } from '../dialler/attempt-outcome.js';
import { campaignProgress } from '../dialler/campaign-progress.js';
import { resultTable, toCsv, toXlsx } from '../results-export.js';
import { ATTEMPT_SORTS, attemptsRepo, type AttemptSort } from '../store/attempts-repo.js';
import { attemptSchema, progressSchema } from './outbound-schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function exportResults(
  ctx: RouteContext<{ id: string }, { tenantId?: string | undefined }, undefined>,
  format: 'csv' | 'xlsx',
): Promise<void> {
  const { db, params, query, principal, scopeTenant, koa, services, ip } = ctx;
  const tenantId = scopeTenant(query.tenantId);
  const campaign = await getCampaign(db, tenantId, params.id);
  const table = resultTable(await attemptsRepo.withRows(db, tenantId, campaign.id));
  const body = format === 'csv' ? toCsv(table) : await toXlsx(table, campaign.name);
  await services.records.audit.write({
    tenantId,
    actorKind: principal!.kind,
    actorId: principal!.id,
    actorName: principal!.name,
    actorTenantId: principal!.tenantId,
    action: `outboundCampaigns.results.${format}`,
    targetType: 'outboundCampaign',
    targetId: campaign.id,
    ip: ip || null,
  });
  koa.status = 200;
  koa.set({
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX,
    'Content-Length': String(body.length),
    'Content-Disposition': `attachment; filename="campaign-${campaign.id}-results.${format}"`,
  });
  koa.body = body;
}

export const resultRoutes: AnyRoute[] = [
  defineRoute({
    id: 'outboundCampaigns.progress',
    method: 'GET',
    path: '/outbound/campaigns/:id/progress',
    resource: 'outboundCampaigns',
    summary: 'A campaign\'s progress: numbers left, attempts by outcome, abandon rate, agent occupancy, lines in use',
    description: 'The same figures come live on the event stream as `outbound.progress` (at most once a second per campaign, and on every change of state).',
    access: 'outbound:read',
    params: idParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: progressSchema,
    errors: [platformErrors.not_found],
    handler: async ({ db, params, query, services, scopeTenant }) => {
      const campaign = await getCampaign(db, scopeTenant(query.tenantId), params.id);
      return campaignProgress(db, campaign, services.outbound?.dialler?.live(campaign.id));
    },
  }),
  defineRoute({
    id: 'outboundCampaigns.attempts',
    method: 'GET',
    path: '/outbound/campaigns/:id/attempts',
    resource: 'outboundCampaigns',
    summary: 'The calls a campaign placed, with their outcomes (paged; newest first unless sorted; filter by outcome)',
    access: 'outbound:read',
    params: idParams,
    query: z
      .object({
        ...pageQueryShape,
        ...tenantQueryShape,
        outcome: z.enum(ATTEMPT_OUTCOMES).optional(),
        sort: z.enum(Object.keys(ATTEMPT_SORTS) as [AttemptSort, ...AttemptSort[]]).optional().describe('field to order by (default startedAt, newest first)'),
        order: z.enum(['asc', 'desc']).optional(),
      })
      .strict(),
    response: pageOf(attemptSchema),
    errors: [platformErrors.not_found],
    handler: async ({ db, params, query, scopeTenant }) => {
      const tenantId = scopeTenant(query.tenantId);
      await getCampaign(db, tenantId, params.id);
      return attemptsRepo.list(db, tenantId, params.id, query, { outcome: query.outcome, sort: query.sort, order: query.order });
    },
  }),
  defineRoute({
    id: 'outboundCampaigns.resultsCsv',
    method: 'GET',
    path: '/outbound/campaigns/:id/results.csv',
    resource: 'outboundCampaigns',
    summary: 'Every attempt of the campaign as CSV (UTF-8): number, variables, times, outcome, duration, agent, survey answers',
    access: 'outbound:read',
    params: idParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: null,
    stream: 'text/csv',
    errors: [platformErrors.not_found],
    handler: (ctx) => exportResults(ctx, 'csv'),
  }),
  defineRoute({
    id: 'outboundCampaigns.resultsXlsx',
    method: 'GET',
    path: '/outbound/campaigns/:id/results.xlsx',
    resource: 'outboundCampaigns',
    summary: 'Every attempt of the campaign as an Excel workbook (the same columns as the CSV)',
    access: 'outbound:read',
    params: idParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: null,
    stream: XLSX,
    errors: [platformErrors.not_found],
    handler: (ctx) => exportResults(ctx, 'xlsx'),
  }),
];
