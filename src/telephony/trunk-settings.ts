/**
 * Trunks as the back office sees them: each trunk span of the card with a name and whether
 * outbound calls may use it (stored; the spans themselves come from the card configuration),
 * and the routes to read and change them while the server runs. A change applies to calls placed
 * after it; calls in progress keep their trunk.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { isoTime, pageOf, pageQueryShape } from '../http/schemas.js';
import { NotFoundError, platformErrors } from '../http/errors.js';
import { listQueryShape, pageInMemory } from '../http/list-query.js';
import type { TelephonyService } from './telephony-service.js';
import { trunkSettingsRepo } from './store/trunk-settings-repo.js';

/** Spans closed to outbound calls, from the stored settings. */
export async function applyTrunkSettings(db: Knex, telephony: TelephonyService): Promise<void> {
  telephony.closeToOutbound((await trunkSettingsRepo.all(db)).filter((s) => !s.outbound).map((s) => s.span));
}

const trunkSchema = z
  .object({
    span: z.number().int(),
    name: z.string(),
    outbound: z.boolean().describe('outbound calls may use this trunk'),
    up: z.boolean().nullable().describe('D-channel up (null without a card)'),
    activeCalls: z.number().int().nullable(),
    updatedAt: isoTime.nullable(),
  })
  .strict();

export function trunkRoutes(telephony: () => TelephonyService | undefined): AnyRoute[] {
  const list = async (db: Knex) => {
    const stored = new Map((await trunkSettingsRepo.all(db)).map((s) => [s.span, s]));
    const live = telephony()?.trunks ?? [];
    const spans = new Set([...live.map((s) => s.index), ...stored.keys()]);
    return [...spans].map((span) => {
      const setting = stored.get(span);
      const trunk = live.find((s) => s.index === span);
      return { span, name: setting?.name ?? `Trunk ${span}`, outbound: setting?.outbound ?? true, up: trunk ? trunk.dchannelUp : null, activeCalls: trunk ? trunk.activeCalls().length : null, updatedAt: setting?.updatedAt ?? null };
    });
  };
  return [
    defineRoute({
      id: 'trunks.list',
      method: 'GET',
      path: '/trunks',
      resource: 'trunks',
      summary: 'Trunk spans: name, open to outbound calls, D-channel state, calls in progress (paged, sorted, searched)',
      access: 'trunks:read',
      query: z.object({ ...pageQueryShape, ...listQueryShape(['span', 'name'] as const) }).strict(),
      response: pageOf(trunkSchema),
      handler: async ({ db, query }) =>
        pageInMemory(await list(db), { ...query, defaultSort: 'span', searchIn: (t) => [t.name, String(t.span)], sortBy: (t, field) => (field === 'name' ? t.name : t.span) }),
    }),
    defineRoute({
      id: 'trunks.update',
      method: 'PATCH',
      path: '/trunks/:span',
      resource: 'trunks',
      summary: 'Rename a trunk, or open or close it to outbound calls; calls placed from now on follow',
      access: 'trunks:write',
      params: z.object({ span: z.coerce.number().int().min(0).max(63) }).strict(),
      body: z.object({ name: z.string().trim().min(1).max(100).optional(), outbound: z.boolean().optional() }).strict(),
      example: { body: { name: 'China Telecom 1', outbound: true } },
      response: trunkSchema,
      errors: [platformErrors.not_found],
      handler: async ({ db, params, body, audit }) => {
        const running = telephony();
        // With a card, only its trunk spans; without one, settings wait for the card.
        if (running && !running.trunks.some((s) => s.index === params.span)) throw new NotFoundError('trunk');
        const before = (await list(db)).find((t) => t.span === params.span) ?? { span: params.span, name: `Trunk ${params.span}`, outbound: true, up: null, activeCalls: null, updatedAt: null };
        await trunkSettingsRepo.save(db, { span: params.span, name: body.name ?? before.name, outbound: body.outbound ?? before.outbound });
        if (running) await applyTrunkSettings(db, running);
        const after = (await list(db)).find((t) => t.span === params.span)!;
        await audit({ targetId: String(params.span), before: { name: before.name, outbound: before.outbound }, after: { name: after.name, outbound: after.outbound } });
        return after;
      },
    }),
  ];
}
