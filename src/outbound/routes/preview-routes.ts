/**
 * Preview dialling over HTTP, for an agent at their seat: the next record (held for them),
 * dial it, or pass it on. The record carries the campaign, the number and its variables.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { NotFoundError, platformErrors } from '../../http/errors.js';
import type { Principal } from '../../auth/principal.js';
import type { RouteServices } from '../../http/routes.js';
import { OutboundError, outboundErrors } from '../outbound-errors.js';
import type { PreviewDesk } from '../preview/preview-desk.js';
import { previewRecordSchema } from './outbound-schemas.js';

const attemptParams = z.object({ attemptId: z.uuid() }).strict();

function seat(services: RouteServices, principal: Principal | undefined): { desk: PreviewDesk; agentId: string; tenantId: string } {
  const agentId = principal?.agentId;
  if (!agentId) throw new NotFoundError('agent seat of this operator');
  const desk = services.outbound?.preview;
  if (!desk) throw new OutboundError('outbound_preview_none', 'no dialler on this server (no card)');
  return { desk, agentId, tenantId: principal.tenantId };
}

export const previewRoutes: AnyRoute[] = [
  defineRoute({
    id: 'outboundPreview.next',
    method: 'GET',
    path: '/outbound/preview/next',
    resource: 'outboundPreview',
    summary: 'The next record of my preview campaigns, held for me until I dial or pass it (the one I hold, if any)',
    access: 'agent:self',
    response: previewRecordSchema,
    errors: [platformErrors.not_found, outboundErrors.outbound_preview_none],
    handler: async ({ services, principal }) => {
      const { desk, agentId, tenantId } = seat(services, principal);
      return desk.next(tenantId, agentId);
    },
  }),
  defineRoute({
    id: 'outboundPreview.dial',
    method: 'POST',
    path: '/outbound/preview/:attemptId/dial',
    resource: 'outboundPreview',
    summary: 'Dial the record I hold: the answered call comes to the campaign\'s queue with the record for the screen pop',
    access: 'agent:self',
    params: attemptParams,
    response: previewRecordSchema,
    errors: [platformErrors.not_found, outboundErrors.outbound_preview_none, outboundErrors.outbound_preview_taken],
    // The dialler writes the attempt in its own transaction, as for every dial.
    transaction: false,
    handler: async ({ services, principal, params, audit }) => {
      const { desk, agentId, tenantId } = seat(services, principal);
      const record = await desk.dial(tenantId, agentId, params.attemptId);
      await audit({ targetType: 'outboundAttempt', targetId: params.attemptId, after: { action: 'dial', campaignId: record.campaignId, agentId } });
      return record;
    },
  }),
  defineRoute({
    id: 'outboundPreview.skip',
    method: 'POST',
    path: '/outbound/preview/:attemptId/skip',
    resource: 'outboundPreview',
    summary: 'Pass on the record I hold: it is due again after the campaign\'s "failed" retry interval',
    access: 'agent:self',
    params: attemptParams,
    response: null,
    successStatus: 204,
    errors: [platformErrors.not_found, outboundErrors.outbound_preview_none, outboundErrors.outbound_preview_taken],
    // The dialler writes the attempt in its own transaction, as for every dial.
    transaction: false,
    handler: async ({ services, principal, params, audit }) => {
      const { desk, agentId, tenantId } = seat(services, principal);
      await desk.skip(tenantId, agentId, params.attemptId);
      await audit({ targetType: 'outboundAttempt', targetId: params.attemptId, after: { action: 'skip', agentId } });
    },
  }),
];
