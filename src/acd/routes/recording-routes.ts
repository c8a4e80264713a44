/**
 * Recordings of agent calls: search, metadata, and the WAV file to play in the browser or
 * download. Who hears what: administrators and auditors every recording of their tenant; a
 * supervisor only those of the teams they look after (PUT /acd/supervisors/:id/teams); agents
 * none. Every playback or download is written to the operation audit log.
 */
import { createReadStream, statSync } from 'node:fs';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { accessOf } from '../../auth/role-access.js';
import { NotFoundError } from '../../http/errors.js';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { isoTime, pageOf, pageQueryShape, tenantQueryShape } from '../../http/schemas.js';
import type { Knex } from 'knex';
import { acdConfigRepo } from '../store/config-repo.js';
import { recordingsRepo, type RecordingRecord } from '../store/recordings-repo.js';
import { platformErrors } from '../../http/errors.js';

const recordingSchema = z
  .object({
    id: z.uuid(),
    callId: z.string(),
    legId: z.string().nullable(),
    agentId: z.string().nullable(),
    queueId: z.string().nullable(),
    team: z.string(),
    calling: z.string().nullable(),
    called: z.string().nullable(),
    startedAt: isoTime,
    endedAt: isoTime.nullable(),
    durationMs: z.number().int().nullable(),
    bytes: z.number().int().nullable(),
    status: z.enum(['recording', 'complete', 'failed']),
  })
  .strict();

function out(r: RecordingRecord): z.input<typeof recordingSchema> {
  const { tenantId: _tenant, file: _file, ...rest } = r;
  return rest;
}

/** undefined = every team; supervisors are limited to their own teams. */
async function teamsOf(db: Knex, principal: Principal, tenantId: string): Promise<string[] | undefined> {
  if (accessOf(principal).recordingScope !== 'own_teams') return undefined;
  return acdConfigRepo.supervisorTeams(db, tenantId, principal.id);
}

async function visible(db: Knex, principal: Principal, tenantId: string, id: string): Promise<RecordingRecord> {
  const record = await recordingsRepo.get(db, tenantId, id);
  const teams = await teamsOf(db, principal, tenantId);
  if (!record || (teams && !teams.includes(record.team))) throw new NotFoundError('recording');
  return record;
}

export const recordingRoutes: AnyRoute[] = [
  defineRoute({
    id: 'recordings.list',
    method: 'GET',
    path: '/recordings',
    resource: 'recordings',
    summary: 'Search recordings by time, agent, queue, calling or called number (supervisors: their teams only)',
    access: 'recordings:read',
    query: z
      .object({
        ...pageQueryShape,
        ...tenantQueryShape,
        from: isoTime.optional(),
        to: isoTime.optional(),
        agentId: z.string().max(64).optional(),
        queueId: z.string().max(64).optional(),
        calling: z.string().max(64).optional(),
        called: z.string().max(64).optional(),
        callId: z.string().max(64).optional(),
      })
      .strict(),
    response: pageOf(recordingSchema),
    handler: async ({ query, principal, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const teams = await teamsOf(db, principal!, tenantId);
      const page = await recordingsRepo.query(db, tenantId, { ...query, teams }, { limit: query.limit, offset: query.offset });
      return { ...page, items: page.items.map(out) };
    },
  }),
  defineRoute({
    id: 'recordings.get',
    method: 'GET',
    path: '/recordings/:id',
    resource: 'recordings',
    summary: 'One recording\'s metadata',
    access: 'recordings:read',
    errors: [platformErrors.not_found],
    params: z.object({ id: z.uuid() }).strict(),
    query: z.object({ ...tenantQueryShape }).strict(),
    response: recordingSchema,
    handler: async ({ params, query, principal, scopeTenant, db }) => out(await visible(db, principal!, scopeTenant(query.tenantId), params.id)),
  }),
  defineRoute({
    id: 'recordings.audio',
    method: 'GET',
    path: '/recordings/:id/audio',
    resource: 'recordings',
    summary: 'The recording as a WAV file (8 kHz A-law), to play or download',
    description: 'Answers audio/wav. ?download=1 for an attachment.',
    access: 'recordings:read',
    errors: [platformErrors.not_found],
    params: z.object({ id: z.uuid() }).strict(),
    query: z.object({ ...tenantQueryShape, download: z.enum(['0', '1']).optional() }).strict(),
    response: null,
    stream: 'audio/wav',
    handler: async ({ params, query, principal, scopeTenant, db, koa, services, ip }) => {
      const tenantId = scopeTenant(query.tenantId);
      const record = await visible(db, principal!, tenantId, params.id);
      const path = services.acd?.deps.recorder.pathOf(record.file);
      let size: number;
      try {
        if (!path) throw new Error('no recorder');
        size = statSync(path).size;
      } catch {
        throw new NotFoundError('recording file');
      }
      await services.records.audit.write({
        tenantId,
        actorKind: principal!.kind,
        actorId: principal!.id,
        actorName: principal!.name,
        actorTenantId: principal!.tenantId,
        action: query.download === '1' ? 'recordings.download' : 'recordings.play',
        targetType: 'recordings',
        targetId: record.id,
        ip: ip || null,
      });
      koa.status = 200;
      koa.set({
        'Content-Type': 'audio/wav',
        'Content-Length': String(size),
        'Content-Disposition': `${query.download === '1' ? 'attachment' : 'inline'}; filename="${record.id}.wav"`,
      });
      koa.body = createReadStream(path!);
    },
  }),
];
