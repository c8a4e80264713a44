// Prompt catalog, pronunciation for the synthesiser, file resolution and WAV
// header checks. See catalog.ts for the ids and entry.ts for their shape.

export { isPromptId, menuOptions, promptCatalog, promptEntry, promptText } from './catalog.js';
export type { PromptId } from './catalog.js';
export { LANGS } from './entry.js';
export type { Lang, MenuEntry, MenuKey, MenuOption, PromptEntry, PromptKind, SpokenEntry } from './entry.js';
export { ttsText, zhSpeakable } from './pronunciation.js';
export { findPromptFile, isSafePromptId, promptFileName, resolvePromptFile, resolvePromptFiles } from './resolve.js';
export type { PromptDirs, PromptSource, ResolvedPrompt, ResolvedSequence } from './resolve.js';
export { promptFormatProblem, readWavInfo } from './wav-info.js';
export type { WavFormat, WavInfo } from './wav-info.js';
