/**
 * Outbound campaigns over HTTP: list, read, create, edit, delete, and the state changes
 * (start, pause, resume, stop), each audited with the state before and after.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { idParams, pageOf, pageQueryShape, tenantQueryShape } from '../../http/schemas.js';
import { platformErrors } from '../../http/errors.js';
import { campaignCreateSchema, campaignUpdateSchema } from '../campaign-settings.js';
import { CAMPAIGN_ACTIONS, CAMPAIGN_STATES } from '../campaign-state.js';
import { changeCampaignState, createCampaign, deleteCampaign, getCampaign, updateCampaign } from '../campaigns.js';
import { outboundErrors } from '../outbound-errors.js';
import { checkOnAnswer, checkReadyToDial } from '../on-answer-check.js';
import { CAMPAIGN_SORTS, campaignsRepo, type CampaignSort } from '../store/campaigns-repo.js';
import { campaignSchema } from './outbound-schemas.js';

export const campaignRoutes: AnyRoute[] = [
  defineRoute({
    id: 'outboundCampaigns.list',
    method: 'GET',
    path: '/outbound/campaigns',
    resource: 'outboundCampaigns',
    summary: 'List the tenant\'s outbound campaigns (newest first unless sorted; q searches the name and the calling number)',
    access: 'outbound:read',
    query: z
      .object({
        ...pageQueryShape,
        ...tenantQueryShape,
        state: z.enum(CAMPAIGN_STATES).optional(),
        q: z.string().trim().max(100).optional(),
        sort: z.enum(Object.keys(CAMPAIGN_SORTS) as [CampaignSort, ...CampaignSort[]]).optional().describe('field to order by; a leading - for descending (default -createdAt)'),
      })
      .strict(),
    response: pageOf(campaignSchema),
    handler: async ({ db, query, scopeTenant }) =>
      campaignsRepo.list(db, scopeTenant(query.tenantId), query, { ...(query.state ? { state: query.state } : {}), ...(query.q ? { search: query.q } : {}), ...(query.sort ? { sort: query.sort } : {}) }),
  }),
  defineRoute({
    id: 'outboundCampaigns.get',
    method: 'GET',
    path: '/outbound/campaigns/:id',
    resource: 'outboundCampaigns',
    summary: 'One outbound campaign',
    access: 'outbound:read',
    params: idParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: campaignSchema,
    errors: [platformErrors.not_found],
    handler: async ({ db, params, query, scopeTenant }) => getCampaign(db, scopeTenant(query.tenantId), params.id),
  }),
  defineRoute({
    id: 'outboundCampaigns.create',
    method: 'POST',
    path: '/outbound/campaigns',
    resource: 'outboundCampaigns',
    summary: 'Create a campaign (in draft): a name and the calling number; windows, retries and caps have defaults',
    access: 'outbound:write',
    body: campaignCreateSchema,
    response: campaignSchema,
    successStatus: 201,
    errors: [outboundErrors.outbound_campaign_name_taken, outboundErrors.outbound_on_answer_unknown, outboundErrors.outbound_mode_needs_agent],
    example: { body: { name: 'Card expiry notice', callingNumber: '95588', maxLines: 4, mode: 'progressive' } },
    handler: async ({ db, body, principal, services, scopeTenant, audit }) => {
      await checkOnAnswer(db, scopeTenant(), body, services);
      const created = await createCampaign(db, scopeTenant(), body, principal?.name ?? null);
      await audit({ targetType: 'outboundCampaign', targetId: created.id, after: created });
      return created;
    },
  }),
  defineRoute({
    id: 'outboundCampaigns.update',
    method: 'PATCH',
    path: '/outbound/campaigns/:id',
    resource: 'outboundCampaigns',
    summary: 'Change a campaign\'s settings (not a stopped one); a running campaign uses them from its next dial',
    access: 'outbound:write',
    params: idParams,
    body: campaignUpdateSchema,
    response: campaignSchema,
    errors: [platformErrors.not_found, outboundErrors.outbound_campaign_name_taken, outboundErrors.outbound_campaign_stopped, outboundErrors.outbound_on_answer_unknown, outboundErrors.outbound_mode_needs_agent],
    example: { body: { maxLines: 6, maxAttemptsPerDay: 2 } },
    handler: async ({ db, params, body, services, scopeTenant, audit }) => {
      const current = await getCampaign(db, scopeTenant(), params.id);
      if (body.mode !== undefined || body.onAnswer !== undefined) {
        await checkOnAnswer(db, scopeTenant(), { mode: body.mode ?? current.mode, onAnswer: body.onAnswer === undefined ? current.onAnswer : body.onAnswer }, services);
      }
      const { before, after } = await updateCampaign(db, scopeTenant(), params.id, body);
      await audit({ targetType: 'outboundCampaign', targetId: params.id, before, after });
      services.outbound?.dialler?.campaignChanged(after);
      return after;
    },
  }),
  defineRoute({
    id: 'outboundCampaigns.changeState',
    method: 'POST',
    path: '/outbound/campaigns/:id/state',
    resource: 'outboundCampaigns',
    summary: 'Start, pause, resume or stop a campaign',
    description: 'start: draft → running; pause: running → paused; resume: paused → running; stop: any but stopped → stopped (final). Refused with 409 outbound_campaign_state otherwise.',
    access: 'outbound:write',
    params: idParams,
    body: z.object({ action: z.enum(CAMPAIGN_ACTIONS) }).strict(),
    response: campaignSchema,
    errors: [platformErrors.not_found, outboundErrors.outbound_campaign_state, outboundErrors.outbound_on_answer_unknown, outboundErrors.outbound_mode_needs_agent],
    example: { body: { action: 'start' } },
    handler: async ({ db, params, body, services, scopeTenant, audit }) => {
      if (body.action === 'start' || body.action === 'resume') await checkReadyToDial(db, scopeTenant(), await getCampaign(db, scopeTenant(), params.id), services);
      const { before, after } = await changeCampaignState(db, scopeTenant(), params.id, body.action);
      await audit({ targetType: 'outboundCampaign', targetId: params.id, before: { state: before.state }, after: { action: body.action, state: after.state } });
      // Pause and stop: no new dial from this moment; calls up end normally.
      services.outbound?.dialler?.campaignChanged(after);
      return after;
    },
  }),
  defineRoute({
    id: 'outboundCampaigns.delete',
    method: 'DELETE',
    path: '/outbound/campaigns/:id',
    resource: 'outboundCampaigns',
    summary: 'Delete a draft or stopped campaign and its numbers',
    access: 'outbound:write',
    params: idParams,
    response: null,
    successStatus: 204,
    errors: [platformErrors.not_found, outboundErrors.outbound_campaign_in_use],
    handler: async ({ db, params, scopeTenant, audit }) => {
      const before = await deleteCampaign(db, scopeTenant(), params.id);
      await audit({ targetType: 'outboundCampaign', targetId: params.id, before });
    },
  }),
];
