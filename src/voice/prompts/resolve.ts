// Which WAV file plays a prompt. A bank replaces generated prompts with its
// own recordings file by file: <customDir>/<lang>/<id>.wav wins over
// <generatedDir>/<lang>/<id>.wav. Ids need not be in the catalog (a bank may
// upload prompts of its own for its flows), but they must be plain names so
// that an id can never point outside the prompt directories.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Lang } from './entry.js';

export interface PromptDirs {
  /** The bank's recorded prompts; optional. */
  readonly customDir?: string;
  /** Prompts made by scripts/generate-prompts.ts (default var/prompts). */
  readonly generatedDir: string;
}

export type PromptSource = 'custom' | 'generated';

export interface ResolvedPrompt {
  readonly path: string;
  readonly source: PromptSource;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isSafePromptId(id: string): boolean {
  return SAFE_ID.test(id) && !id.includes('..');
}

export function promptFileName(id: string, lang: Lang): string {
  if (!isSafePromptId(id)) throw new RangeError(`Expected a prompt id of letters, digits, '.', '_' or '-' but received ${JSON.stringify(id)}`);
  return path.join(lang, `${id}.wav`);
}

/** The file for a prompt and where it came from, or undefined when neither directory has it. */
export function findPromptFile(id: string, lang: Lang, dirs: PromptDirs): ResolvedPrompt | undefined {
  const name = promptFileName(id, lang);
  if (dirs.customDir) {
    const custom = path.join(dirs.customDir, name);
    if (existsSync(custom)) return { path: custom, source: 'custom' };
  }
  const generated = path.join(dirs.generatedDir, name);
  if (existsSync(generated)) return { path: generated, source: 'generated' };
  return undefined;
}

/** The path of the WAV file to play for a prompt; undefined when there is none. */
export function resolvePromptFile(id: string, lang: Lang, dirs: PromptDirs): string | undefined {
  return findPromptFile(id, lang, dirs)?.path;
}

export interface ResolvedSequence {
  /** Files to play, in order (prompts without a file are left out). */
  readonly files: readonly string[];
  /** Ids that had no file in either directory. */
  readonly missing: readonly string[];
}

/** Files for a list of prompt ids (e.g. the ids of speech tokens). */
export function resolvePromptFiles(ids: readonly string[], lang: Lang, dirs: PromptDirs): ResolvedSequence {
  const files: string[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const file = resolvePromptFile(id, lang, dirs);
    if (file === undefined) missing.push(id);
    else files.push(file);
  }
  return { files, missing };
}
