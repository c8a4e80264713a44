/** A bank's IVR settings: password change on/off, PIN attempts, languages, calendar, voicemail. */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { isoTime, tenantQueryShape } from '../../http/schemas.js';
import { DEFAULT_IVR_SETTINGS, IvrSettings } from '../engine/ivr-settings.js';
import { ivrSettingsRepo } from '../store/settings-repo.js';

const responseSchema = z
  .object({
    settings: IvrSettings,
    updatedAt: isoTime.nullable(),
    updatedBy: z.string().nullable(),
  })
  .strict();

export const settingsRoutes: AnyRoute[] = [
  defineRoute({
    id: 'ivrSettings.get',
    method: 'GET',
    path: '/ivr/settings',
    resource: 'ivrSettings',
    summary: "The tenant's IVR settings (defaults where nothing was set)",
    access: 'ivr:read',
    query: z.object({ ...tenantQueryShape }).strict(),
    response: responseSchema,
    handler: async ({ db, query, scopeTenant }) => {
      const stored = await ivrSettingsRepo.get(db, scopeTenant(query.tenantId));
      const parsed = stored ? IvrSettings.safeParse(stored.settings) : undefined;
      return {
        settings: parsed?.success ? parsed.data : DEFAULT_IVR_SETTINGS,
        updatedAt: stored?.updatedAt ?? null,
        updatedBy: stored?.updatedBy ?? null,
      };
    },
  }),
  defineRoute({
    id: 'ivrSettings.put',
    method: 'PUT',
    path: '/ivr/settings',
    resource: 'ivrSettings',
    summary: "Replace the tenant's IVR settings (fields left out take their defaults); the next call uses them",
    access: 'ivr:write',
    query: z.object({ ...tenantQueryShape }).strict(),
    body: IvrSettings,
    response: responseSchema,
    example: { body: { passwordChange: false, pinMaxAttempts: 3 } },
    handler: async ({ db, body, query, scopeTenant, principal, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      const before = await ivrSettingsRepo.get(db, tenantId);
      await ivrSettingsRepo.put(db, tenantId, body, principal?.name ?? null);
      await audit({ targetType: 'ivrSettings', targetId: tenantId, tenantId, before: before?.settings ?? DEFAULT_IVR_SETTINGS, after: body });
      const stored = (await ivrSettingsRepo.get(db, tenantId))!;
      return { settings: body, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
    },
  }),
];
