import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { dataPaths } from '../config/paths.js';
import type { PromptDirs } from './prompts/resolve.js';

/**
 * Where prompts are found: the bank's recordings (telephony.customPromptsDir, else
 * <data.dir>/prompts, where the back office's uploads go) before the generated set.
 */
export function promptDirsOf(config: Config): Required<PromptDirs> {
  return {
    generatedDir: resolve(config.telephony.promptsDir),
    customDir: resolve(config.telephony.customPromptsDir ?? dataPaths(config).prompts),
  };
}
