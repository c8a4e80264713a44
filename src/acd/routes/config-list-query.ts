/**
 * Paging, search and order for the ACD configuration lists (queues, agents, entry points).
 * Without `limit` a list answers whole, as API callers that predate paging expect.
 */
import { z } from 'zod';
import { tenantQueryShape } from '../../http/schemas.js';
import { sortValues, type InMemoryListSpec } from '../../store/page-in-memory.js';
import type { AgentRecord, EntryPointRecord, QueueRecord } from '../store/schemas.js';

function listQuery<S extends string>(keys: readonly S[], defaultSort: S, searched: string) {
  return z
    .object({
      ...tenantQueryShape,
      limit: z.coerce.number().int().min(1).max(500).optional().describe('page size; without it the whole list'),
      offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
      search: z.string().min(1).max(64).optional().describe(`part of the ${searched}, any case`),
      sort: z.enum(sortValues(keys)).optional().describe(`field to order by; a leading - for descending (default ${defaultSort})`),
    })
    .strict();
}

const QUEUE_SORTS = ['id', 'name', 'strategy'] as const;
export const queueListQuery = listQuery(QUEUE_SORTS, 'id', 'id or name');
export const queueListSpec: InMemoryListSpec<QueueRecord, (typeof QUEUE_SORTS)[number]> = {
  text: (q) => `${q.id}\n${q.name}`,
  sorts: { id: (q) => q.id, name: (q) => q.name, strategy: (q) => q.strategy },
  defaultSort: 'id',
  id: (q) => q.id,
};

const AGENT_SORTS = ['id', 'name', 'extension', 'team', 'city'] as const;
export const agentListQuery = listQuery(AGENT_SORTS, 'id', 'id, name, extension, team or city');
export const agentListSpec: InMemoryListSpec<AgentRecord, (typeof AGENT_SORTS)[number]> = {
  text: (a) => [a.id, a.name, a.extension, a.team, a.city].join('\n'),
  sorts: { id: (a) => a.id, name: (a) => a.name, extension: (a) => a.extension, team: (a) => a.team, city: (a) => a.city },
  defaultSort: 'id',
  id: (a) => a.id,
};

const ENTRY_POINT_SORTS = ['id', 'defaultQueueId'] as const;
export const entryPointListQuery = listQuery(ENTRY_POINT_SORTS, 'id', 'id or default queue');
export const entryPointListSpec: InMemoryListSpec<EntryPointRecord, (typeof ENTRY_POINT_SORTS)[number]> = {
  text: (e) => `${e.id}\n${e.defaultQueueId}`,
  sorts: { id: (e) => e.id, defaultQueueId: (e) => e.defaultQueueId },
  defaultSort: 'id',
  id: (e) => e.id,
};
