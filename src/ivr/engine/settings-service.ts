/**
 * A tenant's IVR settings as calls use them: read at the start of each call (so a change in
 * the back office applies to the next call), defaults where the bank set nothing. When the
 * store cannot be read, the settings last read for the tenant answer (calls, voice messages and
 * campaigns go on through a database outage).
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

  private readonly lastRead = new Map<string, IvrSettings>();

  /** The settings for a call; those last read if the store fails (none read yet: the error). */
  async get(tenantId: string): Promise<IvrSettings> {
    try {
      const settings = await this.read(tenantId);
      this.lastRead.set(tenantId, settings);
      return settings;
    } catch (err) {
      const last = this.lastRead.get(tenantId);
      if (!last) throw err;
      this.logger.warn({ tenantId, err: { message: (err as Error).message } }, 'ivr settings could not be read; the ones last read answer');
      return last;
    }
  }

  private async read(tenantId: string): Promise<IvrSettings> {
    const stored = await ivrSettingsRepo.get(this.knex, tenantId);
    if (!stored) return DEFAULT_IVR_SETTINGS;
    const parsed = IvrSettings.safeParse(stored.settings);
    if (parsed.success) return parsed.data;
    this.logger.error({ tenantId }, 'stored ivr settings are not valid; using the defaults');
    return DEFAULT_IVR_SETTINGS;
  }
}
