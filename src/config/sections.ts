/**
 * Configuration sections owned by application modules. The platform's own sections live in
 * schema.ts; a module that has settings of its own registers its section here (a zod schema
 * with a default for every key) and declares it by merging into `ModuleConfigSections`, so the
 * configuration layer never imports the module:
 *
 *   export const faxConfigSection = faxSettingsSchema.prefault({});
 *   registerConfigSection('fax', faxConfigSection);
 *   declare module '../config/sections.js' {
 *     interface ModuleConfigSections { fax: typeof faxConfigSection }
 *   }
 *
 * Sections are registered when their file is imported; src/app-config.ts imports the product's.
 */
import type { z } from 'zod';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleConfigSections {}

/** The values of the registered sections, as the validated configuration holds them. */
export type ModuleConfig = { [K in keyof ModuleConfigSections]: ModuleConfigSections[K] extends z.ZodType ? z.output<ModuleConfigSections[K]> : never };
/** What a file or a test may give for them: every section optional. */
export type ModuleConfigInput = { [K in keyof ModuleConfigSections]?: ModuleConfigSections[K] extends z.ZodType ? z.input<ModuleConfigSections[K]> : never };

const sections = new Map<string, z.ZodType>();

export function registerConfigSection<K extends keyof ModuleConfigSections & string>(name: K, schema: ModuleConfigSections[K] & z.ZodType): void {
  const known = sections.get(name);
  if (known && known !== schema) throw new Error(`configuration section ${name} is registered twice`);
  sections.set(name, schema);
}

/** The registered sections, in registration order. */
export function moduleConfigSections(): ReadonlyMap<string, z.ZodType> {
  return sections;
}
