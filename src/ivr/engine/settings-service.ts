/**
 * A tenant's IVR settings as calls use them: read at the start of each call (so a change in
 * the back office applies to the next call), defaults where the bank set nothing.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { ivrSettingsRepo } from '../store/settings-repo.js';
import { DEFAULT_IVR_SETTINGS, IvrSettings } from './ivr-settings.js';

export class IvrSettingsService {
  constructor(
    private readonly knex: Knex,
    private readonly logger: Logger,
  ) {}

  async get(tenantId: string, db: Knex = this.knex): Promise<IvrSettings> {
    const stored = await ivrSettingsRepo.get(db, tenantId);
    if (!stored) return DEFAULT_IVR_SETTINGS;
    const parsed = IvrSettings.safeParse(stored.settings);
    if (parsed.success) return parsed.data;
    this.logger.error({ tenantId }, 'stored ivr settings are not valid; using the defaults');
    return DEFAULT_IVR_SETTINGS;
  }
}
