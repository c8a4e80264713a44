// The prompt catalog: every prompt id the default banking flows and the
// reading engine use, each with Mandarin and English text. `PromptId` is the
// union of those ids, so code that names a prompt that does not exist does
// not compile.

import type { Lang, MenuOption, PromptEntry } from './entry.js';
import { AUTH_PROMPTS, CONFIRM_PROMPTS, ENTRY_PROMPTS, INFO_PROMPTS, RESULT_PROMPTS } from './banking-prompts.js';
import { MENUS } from './menus.js';
import {
  CURRENCY_PIECES,
  DATE_PIECES,
  FX_PIECES,
  KEY_PIECES,
  NUMBER_PIECES,
  ORDINAL_PIECES,
  PAUSE_PIECES,
  TIME_PIECES,
  UNIT_PIECES,
} from './pieces.js';
import {
  AGENT_PROMPTS,
  FAX_PROMPTS,
  GREETING_PROMPTS,
  INPUT_PROMPTS,
  LINE_TEST_PROMPTS,
  SERVICE_PROMPTS,
  SURVEY_PROMPTS,
  VOICEMAIL_PROMPTS,
} from './service-prompts.js';

const ENTRIES = [
  ...GREETING_PROMPTS,
  ...MENUS,
  ...ENTRY_PROMPTS,
  ...CONFIRM_PROMPTS,
  ...RESULT_PROMPTS,
  ...AUTH_PROMPTS,
  ...INFO_PROMPTS,
  ...INPUT_PROMPTS,
  ...SERVICE_PROMPTS,
  ...AGENT_PROMPTS,
  ...VOICEMAIL_PROMPTS,
  ...FAX_PROMPTS,
  ...LINE_TEST_PROMPTS,
  ...SURVEY_PROMPTS,
  ...NUMBER_PIECES,
  ...ORDINAL_PIECES,
  ...CURRENCY_PIECES,
  ...DATE_PIECES,
  ...TIME_PIECES,
  ...UNIT_PIECES,
  ...KEY_PIECES,
  ...FX_PIECES,
  ...PAUSE_PIECES,
] as const;

export type PromptId = (typeof ENTRIES)[number]['id'];

/** Every catalog entry, in a stable order (fixed prompts first, then pieces). */
export const promptCatalog: readonly PromptEntry<PromptId>[] = ENTRIES;

const byId = new Map<string, PromptEntry<PromptId>>();
for (const entry of promptCatalog) {
  // A duplicate would make one of two texts unreachable: refuse to load.
  if (byId.has(entry.id)) throw new Error(`prompt catalog: duplicate id ${entry.id}`);
  byId.set(entry.id, entry);
}

export function isPromptId(id: string): id is PromptId {
  return byId.has(id);
}

export function promptEntry(id: PromptId): PromptEntry<PromptId> {
  const entry = byId.get(id);
  if (!entry) throw new Error(`unknown prompt id ${id}`);
  return entry;
}

/** The text of a prompt in one language (what the caller hears, what logs show). */
export function promptText(id: PromptId, lang: Lang): string {
  return promptEntry(id)[lang];
}

/** The keys and actions of a menu prompt; empty for prompts that are not menus. */
export function menuOptions(id: PromptId): readonly MenuOption[] {
  const entry = promptEntry(id);
  return entry.kind === 'menu' ? entry.options : [];
}
