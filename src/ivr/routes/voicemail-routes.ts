/** Voice messages for staff: list, one message, its audio (each download audited), mark handled. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { idParams, isoTime, pageOf, pageQueryShape, tenantQueryShape } from '../../http/schemas.js';
import { voicemailRepo, type VoicemailRecord } from '../store/voicemail-repo.js';
import { voicemailAudioPath } from '../voicemail/voicemail-service.js';
import { platformErrors } from '../../http/errors.js';

const messageSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    legId: z.string().nullable(),
    calling: z.string().nullable(),
    called: z.string().nullable(),
    queue: z.string().nullable(),
    reason: z.string(),
    lang: z.string(),
    durationMs: z.number().int(),
    status: z.enum(['new', 'handled']),
    handledAt: isoTime.nullable(),
    handledBy: z.string().nullable(),
    createdAt: isoTime,
  })
  .strict();

function view<T extends { file: string }>(record: T): Omit<T, 'file'> {
  const { file: _file, ...rest } = record;
  return rest;
}

export const voicemailRoutes: AnyRoute[] = [
  defineRoute({
    id: 'voicemail.list',
    method: 'GET',
    path: '/voicemail',
    resource: 'voicemail',
    summary: 'Voice messages left by callers, newest first',
    access: 'voicemail:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, status: z.enum(['new', 'handled']).optional() }).strict(),
    response: pageOf(messageSchema),
    handler: async ({ db, query, scopeTenant }) => {
      const page = await voicemailRepo.list(db, scopeTenant(query.tenantId), query, query.status ? { status: query.status } : {});
      return { ...page, items: page.items.map(view) };
    },
  }),
  defineRoute({
    id: 'voicemail.get',
    method: 'GET',
    path: '/voicemail/:id',
    resource: 'voicemail',
    summary: 'One voice message',
    access: 'voicemail:read',
    errors: [platformErrors.not_found],
    params: idParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: messageSchema,
    handler: async ({ db, params, query, scopeTenant }) => {
      const message = await voicemailRepo.get(db, scopeTenant(query.tenantId), params.id);
      if (!message) throw new NotFoundError('voice message');
      return view(message);
    },
  }),
  defineRoute({
    id: 'voicemail.audio',
    method: 'GET',
    path: '/voicemail/:id/audio',
    resource: 'voicemail',
    summary: 'The recording of a voice message (audio/wav, 8 kHz A-law); each download is audited',
    access: 'voicemail:read',
    errors: [platformErrors.not_found],
    params: idParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: z.instanceof(Buffer).describe('audio/wav'),
    handler: async ({ db, params, query, scopeTenant, services, koa, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      const message = await voicemailRepo.get(db, tenantId, params.id);
      if (!message) throw new NotFoundError('voice message');
      let audio: Buffer;
      try {
        audio = await readFile(voicemailAudioPath(join(services.config.data.dir, 'voicemail'), message.file));
      } catch {
        throw new NotFoundError('voice message audio');
      }
      await audit({ action: 'voicemail.download', targetType: 'voicemail', targetId: message.id, tenantId });
      koa.type = 'audio/wav';
      koa.set('Content-Disposition', `attachment; filename="voicemail-${message.id}.wav"`);
      return audio;
    },
  }),
  defineRoute({
    id: 'voicemail.mark',
    method: 'POST',
    path: '/voicemail/mark',
    resource: 'voicemail',
    summary: 'Mark voice messages handled (called back) or new again; answers the messages changed',
    access: 'voicemail:write',
    query: z.object({ ...tenantQueryShape }).strict(),
    body: z.object({ ids: z.array(z.uuid()).min(1).max(100), status: z.enum(['new', 'handled']) }).strict(),
    response: z.object({ updated: z.array(messageSchema) }).strict(),
    example: { body: { ids: ['00000000-0000-4000-8000-0000000000aa'], status: 'handled' } },
    handler: async ({ db, body, query, scopeTenant, principal, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      const updated: VoicemailRecord[] = [];
      for (const id of body.ids) {
        if (!(await voicemailRepo.get(db, tenantId, id))) continue;
        updated.push((await voicemailRepo.setStatus(db, tenantId, id, body.status, principal?.name ?? null))!);
      }
      await audit({ targetType: 'voicemail', targetId: updated.length === 1 ? updated[0]!.id : null, tenantId, after: { status: body.status, ids: updated.map((m) => m.id) } });
      return { updated: updated.map(view) };
    },
  }),
];
