/**
 * Voice prompts over HTTP: the catalog per language (generated or uploaded), upload a recording
 * for a prompt and language (multipart/form-data, field `file`; converted to 8 kHz mono A-law),
 * listen to what plays now (with Range requests, so a browser can seek), and go back to the
 * generated prompt. Prompts serve every tenant of the installation, so they are a platform
 * administrator's (prompts:read, prompts:write).
 */
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { isoTime, pageOf, pageQueryShape } from '../http/schemas.js';
import { NotFoundError, platformErrors } from '../http/errors.js';
import { listQueryShape, pageInMemory } from '../http/list-query.js';
import { sendFileWithRanges } from '../http/byte-range.js';
import { receiveMultipartUpload } from '../http/multipart-upload.js';
import { LANGS } from './prompts/index.js';
import { isSafePromptId } from './prompts/resolve.js';
import { AudioConversionError } from './audio-conversion.js';
import { VoiceError, voiceErrors } from './voice-errors.js';
import { MAX_PROMPT_DURATION_MS, MAX_PROMPT_UPLOAD_BYTES, type VoicePrompts } from './voice-prompts.js';

const lang = z.enum(LANGS as unknown as ['zh', 'en']);
const promptIdParams = z.object({ id: z.string().max(100).refine(isSafePromptId, 'letters, digits, ".", "_" or "-"') }).strict();
const langQuery = z.object({ lang: lang.default('zh').describe('the language of the prompt (default zh)') }).strict();

const promptSchema = z
  .object({
    id: z.string(),
    lang,
    kind: z.enum(['prompt', 'menu', 'piece', 'silence', 'tone', 'custom']),
    text: z.string().nullable().describe('what the generated prompt says; null for the bank\'s own ids'),
    source: z.enum(['uploaded', 'generated', 'missing']).describe('what plays now'),
    hasGenerated: z.boolean().describe('a generated prompt exists to go back to'),
    durationMs: z.number().int().nullable(),
    bytes: z.number().int().nullable(),
    updatedAt: isoTime.nullable(),
  })
  .strict();

export function voicePromptRoutes(prompts: VoicePrompts): AnyRoute[] {
  const find = (id: string, l: 'zh' | 'en') => {
    const info = prompts.get(id, l);
    if (!info) throw new NotFoundError('voice prompt');
    return info;
  };
  return [
    defineRoute({
      id: 'voicePrompts.list',
      method: 'GET',
      path: '/voice-prompts',
      resource: 'voicePrompts',
      summary: 'List voice prompts per language: generated or uploaded (paged, sorted, searched)',
      access: 'prompts:read',
      query: z
        .object({
          ...pageQueryShape,
          ...listQueryShape(['id', 'lang', 'kind', 'source', 'durationMs', 'updatedAt'] as const),
          lang: lang.optional(),
          source: z.enum(['uploaded', 'generated', 'missing']).optional(),
          kind: z.enum(['prompt', 'menu', 'piece', 'silence', 'tone', 'custom']).optional(),
        })
        .strict(),
      response: pageOf(promptSchema),
      handler: async ({ query }) => {
        const items = prompts.list().filter((p) => (!query.lang || p.lang === query.lang) && (!query.source || p.source === query.source) && (!query.kind || p.kind === query.kind));
        return pageInMemory(items, {
          ...query,
          defaultSort: 'id',
          searchIn: (p) => [p.id, p.text],
          sortBy: (p, field) => (field === 'durationMs' ? p.durationMs : field === 'updatedAt' ? p.updatedAt : field === 'lang' ? p.lang : field === 'kind' ? p.kind : field === 'source' ? p.source : `${p.id}\u0000${p.lang}`),
        });
      },
    }),
    defineRoute({
      id: 'voicePrompts.get',
      method: 'GET',
      path: '/voice-prompts/:id',
      resource: 'voicePrompts',
      summary: 'One voice prompt in one language',
      access: 'prompts:read',
      params: promptIdParams,
      query: langQuery,
      response: promptSchema,
      errors: [platformErrors.not_found],
      handler: async ({ params, query }) => find(params.id, query.lang),
    }),
    defineRoute({
      id: 'voicePrompts.audio',
      method: 'GET',
      path: '/voice-prompts/:id/audio',
      resource: 'voicePrompts',
      summary: 'The WAV file that plays now (8 kHz A-law); answers Range requests (206) so players can seek',
      access: 'prompts:read',
      params: promptIdParams,
      query: langQuery,
      response: null,
      stream: 'audio/wav',
      errors: [platformErrors.not_found],
      handler: async ({ params, query, koa }) => {
        find(params.id, query.lang);
        const file = prompts.playingFile(params.id, query.lang);
        if (!file) throw new NotFoundError('voice prompt audio');
        sendFileWithRanges(koa, file, statSync(file).size, 'audio/wav', `inline; filename="${params.id}.${query.lang}.wav"`);
      },
    }),
    defineRoute({
      id: 'voicePrompts.upload',
      method: 'PUT',
      path: '/voice-prompts/:id/recording',
      resource: 'voicePrompts',
      summary: 'Upload a recording for a prompt and language (multipart/form-data, field "file"); the next call plays it',
      description: `WAV, MP3, Ogg, FLAC, AIFF, AU, AMR and other formats sox reads, up to ${MAX_PROMPT_UPLOAD_BYTES / (1024 * 1024)} MB and ${MAX_PROMPT_DURATION_MS / 1000} s; converted to 8 kHz mono A-law WAV. Refused with 422: not_audio (not a recording sox can read), audio_empty, audio_too_long; 413 when the file is too large.`,
      access: 'prompts:write',
      params: promptIdParams,
      query: langQuery,
      response: promptSchema,
      errors: [platformErrors.no_file, voiceErrors.not_audio, voiceErrors.audio_empty, voiceErrors.audio_too_long],
      // Conversion takes a moment: no transaction held open meanwhile; a refusal is audited as failed.
      transaction: false,
      handler: async ({ params, query, koa, audit }) => {
        const before = prompts.get(params.id, query.lang) ?? null;
        const upload = await receiveMultipartUpload(koa.req, { maxBytes: MAX_PROMPT_UPLOAD_BYTES, fileField: 'file' });
        try {
          const after = await prompts.upload(params.id, query.lang, upload.path, upload.fileName);
          await audit({ targetId: params.id, before, after: { ...after, originalName: upload.fileName, uploadedBytes: upload.size } });
          return after;
        } catch (err) {
          if (!(err instanceof AudioConversionError)) throw err;
          await audit({ targetId: params.id, outcome: 'failed', before, after: { lang: query.lang, originalName: upload.fileName, error: err.code } });
          throw err;
        } finally {
          await rm(upload.dir, { recursive: true, force: true });
        }
      },
    }),
    defineRoute({
      id: 'voicePrompts.revert',
      method: 'DELETE',
      path: '/voice-prompts/:id/recording',
      resource: 'voicePrompts',
      summary: 'Remove the uploaded recording: the generated prompt plays again from the next call',
      access: 'prompts:write',
      params: promptIdParams,
      query: langQuery,
      response: promptSchema,
      errors: [platformErrors.not_found, voiceErrors.no_uploaded_prompt],
      handler: async ({ params, query, audit }) => {
        const before = find(params.id, query.lang);
        if (!(await prompts.revert(params.id, query.lang))) throw new VoiceError('no_uploaded_prompt', 'this prompt has no uploaded recording in that language');
        const after = prompts.get(params.id, query.lang) ?? { ...before, source: 'missing' as const, durationMs: null, bytes: null, updatedAt: null };
        await audit({ targetId: params.id, before, after });
        return after;
      },
    }),
  ];
}
