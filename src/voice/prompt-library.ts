/**
 * Turns prompt ids and speech tokens into playable PromptRefs: the bank's
 * recorded file if there is one, else the generated one (see
 * src/voice/prompts/resolve.ts). A prompt with no file at all is an error the
 * operator must fix (run scripts/generate-prompts.ts): it is refused loudly
 * rather than played as silence.
 */
import { promptText, type Lang } from './prompts/index.js';
import { resolvePromptFile, type PromptDirs } from './prompts/resolve.js';
import type { SpeechToken } from './readings/index.js';
import type { PromptRef } from './prompt-ref.js';

export class PromptMissingError extends Error {
  readonly code = 'PROMPT_MISSING';
  constructor(readonly id: string, readonly lang: Lang) {
    super(`no audio for prompt "${id}" (${lang}): run scripts/generate-prompts.ts or add a recorded file`);
  }
}

/** How long a lookup is trusted: a recorded prompt dropped in by the bank is used within this. */
const CACHE_MS = 10_000;

export class PromptLibrary {
  private readonly cache = new Map<string, { file: string | undefined; at: number }>();

  constructor(readonly dirs: PromptDirs) {}

  /** A catalog prompt by id. */
  prompt(id: string, lang: Lang): PromptRef {
    const file = this.fileOf(id, lang);
    if (!file) throw new PromptMissingError(id, lang);
    return { id, text: safeText(id, lang), file };
  }

  /** The file of a prompt, looked up on disk at most every CACHE_MS (a busy IVR plays thousands a minute). */
  private fileOf(id: string, lang: Lang): string | undefined {
    const key = `${lang}/${id}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CACHE_MS) return hit.file;
    const file = resolvePromptFile(id, lang, this.dirs);
    this.cache.set(key, { file, at: now });
    return file;
  }

  /** Drops what is known of a prompt's file, so that the next call plays a new upload at once. */
  forget(id: string, lang: Lang): void {
    this.cache.delete(`${lang}/${id}`);
  }

  prompts(ids: readonly string[], lang: Lang): PromptRef[] {
    return ids.map((id) => this.prompt(id, lang));
  }

  /** Speech tokens (numbers, amounts, dates read piece by piece). */
  tokens(tokens: readonly SpeechToken[], lang: Lang): PromptRef[] {
    return tokens.map((t) => {
      const file = this.fileOf(t.id, lang);
      if (!file) throw new PromptMissingError(t.id, lang);
      return { id: t.id, text: t.text, file, ...(t.sensitive ? { sensitive: true } : {}) };
    });
  }
}

function safeText(id: string, lang: Lang): string | undefined {
  try {
    return promptText(id as Parameters<typeof promptText>[0], lang);
  } catch {
    return undefined;
  }
}
