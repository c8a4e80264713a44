/**
 * The dial plan over HTTP: which called numbers the installation answers and what answers them.
 * Stored (a fresh database takes the configuration file's plan) and changed while the server
 * runs: a change applies to calls offered after it, never to calls in progress. The plan names
 * every tenant's numbers, so it belongs to platform administrators.
 */
import { z } from 'zod';
import type { Knex } from 'knex';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { isoTime, pageOf, pageQueryShape } from '../http/schemas.js';
import { NotFoundError, platformErrors } from '../http/errors.js';
import { listQueryShape, pageInMemory } from '../http/list-query.js';
import { dialPlanEntrySchema, type Config, type DialPlanEntry } from '../config/schema.js';
import { tenantsRepo } from '../tenants/store/tenants-repo.js';
import { TelephonyError, telephonyErrors } from './telephony-errors.js';
import type { DialPlan } from './dial-plan.js';
import { dialPlanStore, type StoredDialPlan } from './store/dial-plans-repo.js';

const numberParams = z.object({ number: z.string().regex(/^[0-9*#]+X*$/, 'digits, * or #, then any number of X').max(32) }).strict();
const entryBody = dialPlanEntrySchema.omit({ number: true }).extend({
  expectedVersion: z.number().int().min(1).optional().describe('the plan version you edited; 409 plan_changed when someone changed it since'),
});
const entryView = z
  .object({
    number: z.string(),
    target: dialPlanEntrySchema.shape.target,
    lang: z.enum(['zh', 'en']),
    tenant: z.string(),
    version: z.number().int().describe('version of the whole plan'),
    updatedAt: isoTime,
  })
  .strict();

function view(entry: DialPlanEntry, plan: StoredDialPlan): z.input<typeof entryView> {
  return { number: entry.number, target: entry.target, lang: entry.lang, tenant: entry.tenant, version: plan.version, updatedAt: plan.updatedAt };
}

export function dialPlanRoutes(config: Config, live: () => DialPlan | undefined): AnyRoute[] {
  const load = (db: Knex) => dialPlanStore.loadOrSeed(db, config.telephony.dialPlan);

  /** Saves the plan and, once stored, hands it to the calls. */
  const save = async (db: Knex, plan: StoredDialPlan, entries: DialPlanEntry[], expectedVersion: number | undefined, who: string): Promise<StoredDialPlan> => {
    if (expectedVersion !== undefined && expectedVersion !== plan.version) throw new TelephonyError('plan_changed', `the dial plan changed since version ${expectedVersion} (now ${plan.version}): reload it`);
    const saved = await dialPlanStore.save(db, entries, plan.version, who);
    if (!saved) throw new TelephonyError('plan_changed', 'the dial plan changed meanwhile: reload it');
    return saved;
  };

  return [
    defineRoute({
      id: 'dialPlan.list',
      method: 'GET',
      path: '/dial-plan/entries',
      resource: 'dialPlan',
      summary: 'The dial plan: called numbers and what answers them (paged, sorted, searched)',
      access: 'dialplan:read',
      query: z.object({ ...pageQueryShape, ...listQueryShape(['number', 'tenant', 'kind'] as const), tenant: z.string().max(64).optional() }).strict(),
      response: pageOf(entryView),
      handler: async ({ db, query }) => {
        const plan = await load(db);
        const items = plan.entries.filter((e) => !query.tenant || e.tenant === query.tenant).map((e) => view(e, plan));
        return pageInMemory(items, {
          ...query,
          defaultSort: 'number',
          searchIn: (e) => [e.number, e.tenant, e.target.kind, 'flow' in e.target ? e.target.flow : null, 'queue' in e.target ? e.target.queue : null],
          sortBy: (e, field) => (field === 'tenant' ? e.tenant : field === 'kind' ? e.target.kind : e.number),
        });
      },
    }),
    defineRoute({
      id: 'dialPlan.get',
      method: 'GET',
      path: '/dial-plan/entries/:number',
      resource: 'dialPlan',
      summary: 'One dial plan entry',
      access: 'dialplan:read',
      params: numberParams,
      response: entryView,
      errors: [platformErrors.not_found],
      handler: async ({ db, params }) => {
        const plan = await load(db);
        const entry = plan.entries.find((e) => e.number === params.number);
        if (!entry) throw new NotFoundError('dial plan entry');
        return view(entry, plan);
      },
    }),
    defineRoute({
      id: 'dialPlan.put',
      method: 'PUT',
      path: '/dial-plan/entries/:number',
      resource: 'dialPlan',
      summary: 'Add or change the entry for a called number; new calls follow it at once',
      description: 'The tenant must exist (422 unknown_tenant). With expectedVersion, a plan changed by someone else since answers 409 plan_changed.',
      access: 'dialplan:write',
      params: numberParams,
      body: entryBody,
      example: { body: { target: { kind: 'ivr', flow: 'main' }, lang: 'zh', tenant: 'bank' } },
      response: entryView,
      errors: [telephonyErrors.unknown_tenant, telephonyErrors.plan_changed],
      handler: async ({ db, params, body, principal, audit }) => {
        const { expectedVersion, ...rest } = body;
        const entry: DialPlanEntry = { number: params.number, ...rest };
        if (!(await tenantsRepo.getByCode(db, entry.tenant))) {
          throw new TelephonyError('unknown_tenant', `no tenant has the code ${entry.tenant}`, { details: [{ path: 'body.tenant', message: 'not the code of a tenant' }] });
        }
        const plan = await load(db);
        const before = plan.entries.find((e) => e.number === params.number);
        const saved = await save(db, plan, [...plan.entries.filter((e) => e.number !== params.number), entry], expectedVersion, principal!.name);
        await audit({ targetId: params.number, before: before ?? null, after: entry });
        live()?.replace(saved.entries);
        return view(entry, saved);
      },
    }),
    defineRoute({
      id: 'dialPlan.delete',
      method: 'DELETE',
      path: '/dial-plan/entries/:number',
      resource: 'dialPlan',
      summary: 'Remove the entry for a called number: new calls to it are refused (cause 1)',
      access: 'dialplan:write',
      params: numberParams,
      query: z.object({ expectedVersion: z.coerce.number().int().min(1).optional() }).strict(),
      response: null,
      errors: [platformErrors.not_found, telephonyErrors.plan_changed],
      handler: async ({ db, params, query, principal, audit }) => {
        const plan = await load(db);
        const before = plan.entries.find((e) => e.number === params.number);
        if (!before) throw new NotFoundError('dial plan entry');
        const saved = await save(db, plan, plan.entries.filter((e) => e.number !== params.number), query.expectedVersion, principal!.name);
        await audit({ targetId: params.number, before });
        live()?.replace(saved.entries);
      },
    }),
  ];
}
