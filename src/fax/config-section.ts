/** The `fax` section of the configuration: the settings of fax-settings.ts, every key defaulted. */
import { registerConfigSection } from '../config/sections.js';
import { faxSettingsSchema } from './fax-settings.js';

export const faxConfigSection = faxSettingsSchema
  .prefault({})
  .describe('fax identity, ECM, modem rates, job retries, retention of fax files (src/fax/fax-settings.ts)');

registerConfigSection('fax', faxConfigSection);

declare module '../config/sections.js' {
  interface ModuleConfigSections {
    fax: typeof faxConfigSection;
  }
}
