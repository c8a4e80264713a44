/**
 * The voice prompts as the back office manages them: the catalog per language, each prompt
 * either generated (scripts/generate-prompts.ts) or uploaded by the bank (a recording that
 * replaces it, file by file), plus prompts of the bank's own ids. An upload is converted to
 * 8 kHz mono A-law and takes the place of the file at once; the call layer's prompt cache is
 * told, so the next call plays it without a restart.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LANGS, promptCatalog, promptFileName, readWavInfo, type Lang, type PromptDirs } from './prompts/index.js';
import { isSafePromptId } from './prompts/resolve.js';
import { convertToPromptWav } from './audio-conversion.js';

/** Longest prompt accepted: a greeting or an announcement, not a programme. */
export const MAX_PROMPT_DURATION_MS = 120_000;
/** Largest upload accepted (an uncompressed 2-minute 48 kHz stereo WAV is about 23 MB). */
export const MAX_PROMPT_UPLOAD_BYTES = 32 * 1024 * 1024;

export type PromptOrigin = 'uploaded' | 'generated' | 'missing';

export interface VoicePromptInfo {
  id: string;
  lang: Lang;
  /** The catalog kind, or 'custom' for an id of the bank's own. */
  kind: 'prompt' | 'menu' | 'piece' | 'silence' | 'tone' | 'custom';
  /** What the generated prompt says; null for the bank's own ids. */
  text: string | null;
  source: PromptOrigin;
  /** Whether a generated prompt exists to go back to. */
  hasGenerated: boolean;
  durationMs: number | null;
  bytes: number | null;
  /** When the playing file was written. */
  updatedAt: string | null;
}

export interface PromptCacheInvalidator {
  forget(id: string, lang: Lang): void;
}

export class VoicePrompts {
  constructor(
    readonly dirs: Required<PromptDirs>,
    /** The call layer's prompt cache (absent without a card). */
    private readonly cache: () => PromptCacheInvalidator | undefined,
  ) {}

  private uploadedPath(id: string, lang: Lang): string {
    return join(this.dirs.customDir, promptFileName(id, lang));
  }

  private generatedPath(id: string, lang: Lang): string {
    return join(this.dirs.generatedDir, promptFileName(id, lang));
  }

  /** The file that plays now, or undefined. */
  playingFile(id: string, lang: Lang): string | undefined {
    if (!isSafePromptId(id)) return undefined;
    const uploaded = this.uploadedPath(id, lang);
    if (existsSync(uploaded)) return uploaded;
    const generated = this.generatedPath(id, lang);
    return existsSync(generated) ? generated : undefined;
  }

  /** Every catalog prompt in every language, then the bank's own ids. */
  list(): VoicePromptInfo[] {
    const out: VoicePromptInfo[] = [];
    const catalogIds = new Set<string>();
    for (const entry of promptCatalog) {
      catalogIds.add(entry.id);
      for (const lang of LANGS) out.push(this.describe(entry.id, lang, entry.kind, entry[lang]));
    }
    for (const lang of LANGS) {
      const dir = join(this.dirs.customDir, lang);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        const id = name.endsWith('.wav') ? name.slice(0, -4) : '';
        if (id && isSafePromptId(id) && !catalogIds.has(id)) out.push(this.describe(id, lang, 'custom', null));
      }
    }
    return out;
  }

  /** One prompt; undefined for an id neither in the catalog nor uploaded. */
  get(id: string, lang: Lang): VoicePromptInfo | undefined {
    if (!isSafePromptId(id)) return undefined;
    const entry = promptCatalog.find((e) => e.id === id);
    if (entry) return this.describe(id, lang, entry.kind, entry[lang]);
    return existsSync(this.uploadedPath(id, lang)) ? this.describe(id, lang, 'custom', null) : undefined;
  }

  private describe(id: string, lang: Lang, kind: VoicePromptInfo['kind'], text: string | null): VoicePromptInfo {
    const uploaded = this.uploadedPath(id, lang);
    const generated = this.generatedPath(id, lang);
    const hasGenerated = existsSync(generated);
    const file = existsSync(uploaded) ? uploaded : hasGenerated ? generated : undefined;
    const base = { id, lang, kind, text, hasGenerated };
    if (!file) return { ...base, source: 'missing', durationMs: null, bytes: null, updatedAt: null };
    const stat = statSync(file);
    return { ...base, source: file === uploaded ? 'uploaded' : 'generated', durationMs: wavDurationMs(file, stat.size, stat.mtimeMs), bytes: stat.size, updatedAt: stat.mtime.toISOString() };
  }

  /**
   * Converts and installs an uploaded recording for `id` in `lang`. Throws AudioConversionError
   * (not_audio, audio_empty, audio_too_long) and leaves the current prompt as it was.
   */
  async upload(id: string, lang: Lang, input: string, fileName: string | null): Promise<VoicePromptInfo> {
    const work = await mkdtemp(join(tmpdir(), 'tellerline-prompt-'));
    try {
      const converted = join(work, 'prompt.wav');
      await convertToPromptWav(input, fileName, converted, { maxDurationMs: MAX_PROMPT_DURATION_MS });
      const target = this.uploadedPath(id, lang);
      mkdirSync(join(this.dirs.customDir, lang), { recursive: true });
      // Copy next to the target, then rename: a call never opens a half-written file.
      const staging = `${target}.${process.pid}.tmp`;
      await copyFile(converted, staging);
      await rename(staging, target);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    this.cache()?.forget(id, lang);
    return this.get(id, lang)!;
  }

  /** Removes the uploaded recording: the generated prompt plays again. False when there was none. */
  async revert(id: string, lang: Lang): Promise<boolean> {
    const file = this.uploadedPath(id, lang);
    if (!existsSync(file)) return false;
    await rm(file, { force: true });
    this.cache()?.forget(id, lang);
    return true;
  }
}

/** Durations by file, path and mtime and size: the list reads each file once, not per request. */
const durations = new Map<string, number | null>();

function wavDurationMs(file: string, size: number, mtimeMs: number): number | null {
  const key = `${file}\0${size}\0${mtimeMs}`;
  const known = durations.get(key);
  if (known !== undefined) return known;
  let duration: number | null;
  try {
    duration = Math.round(readWavInfo(readFileSync(file)).durationMs);
  } catch {
    duration = null;
  }
  if (durations.size > 10_000) durations.clear();
  durations.set(key, duration);
  return duration;
}
