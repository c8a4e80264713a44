/**
 * Changes to a tenant's ACD configuration, each done the one same way: check it against the
 * running ACD (nothing changes when it is refused), write it to the store in the request's
 * transaction, audit it, then apply it to the running ACD. Queues, agents and entry points are
 * alike and go through one table; the calendar has no id and is replaced whole.
 */
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { AcdError } from '../errors.js';
import { acdConfigRepo } from '../store/config-repo.js';
import type { AgentRecord, CalendarRecord, EntryPointRecord, QueueRecord } from '../store/schemas.js';
import type { AcdService, TenantRuntime } from './acd-service.js';
import type { TenantConfig } from './tenant-config.js';

/** One configuration change: where it is written, for which tenant, and how it is audited. */
export interface ConfigChange {
  db: Knex;
  tenantId: string;
  audit(entry: { targetId: string | null; before?: unknown; after?: unknown; tenantId: string }): Promise<void>;
}

/** How a kind of configuration record is stored and mirrored into the running ACD. */
interface ConfigResource<R extends { id: string }> {
  /** As named in "not found" and "already exists" answers. */
  readonly label: string;
  find(db: Knex, tenantId: string, id: string): Promise<R | undefined>;
  save(db: Knex, tenantId: string, record: R): Promise<void>;
  delete(db: Knex, tenantId: string, id: string): Promise<unknown>;
  /** Refuses a record the running ACD could not apply. */
  check(config: TenantConfig, record: R): unknown;
  /** Refusals that need the store (e.g. a phone already another agent's). */
  checkStored?(db: Knex, tenantId: string, record: R): Promise<void>;
  apply(config: TenantConfig, record: R): void;
  /** Refuses removing what is in use; absent when anything may be removed. */
  checkRemovable?(config: TenantConfig, id: string): void;
  remove(config: TenantConfig, id: string): void;
}

const queues: ConfigResource<QueueRecord> = {
  label: 'queue',
  find: (db, tenantId, id) => acdConfigRepo.queue(db, tenantId, id),
  save: (db, tenantId, record) => acdConfigRepo.saveQueue(db, tenantId, record),
  delete: (db, tenantId, id) => acdConfigRepo.deleteQueue(db, tenantId, id),
  check: (config, record) => config.checkQueue(record),
  apply: (config, record) => config.applyQueue(record),
  checkRemovable: (config, id) => config.checkQueueRemovable(id),
  remove: (config, id) => config.removeQueue(id),
};

const agents: ConfigResource<AgentRecord> = {
  label: 'agent',
  find: (db, tenantId, id) => acdConfigRepo.agent(db, tenantId, id),
  save: (db, tenantId, record) => acdConfigRepo.saveAgent(db, tenantId, record),
  delete: (db, tenantId, id) => acdConfigRepo.deleteAgent(db, tenantId, id),
  check: (config, record) => config.checkAgent(record),
  checkStored: async (db, tenantId, record) => {
    const taken = await acdConfigRepo.phoneTaken(db, tenantId, record);
    if (taken) throw new AcdError(`${taken}_in_use`, `that ${taken} is another agent's`);
  },
  apply: (config, record) => config.applyAgent(record),
  checkRemovable: (config, id) => config.checkAgentRemovable(id),
  remove: (config, id) => config.removeAgent(id),
};

const entryPoints: ConfigResource<EntryPointRecord> = {
  label: 'entry point',
  find: async (db, tenantId, id) => (await acdConfigRepo.entryPoints(db, tenantId)).find((e) => e.id === id),
  save: (db, tenantId, record) => acdConfigRepo.saveEntryPoint(db, tenantId, record),
  delete: (db, tenantId, id) => acdConfigRepo.deleteEntryPoint(db, tenantId, id),
  check: (config, record) => config.checkEntryPoint(record),
  apply: (config, record) => config.applyEntryPoint(record),
  remove: (config, id) => config.removeEntryPoint(id),
};

const RESOURCES = { queues, agents, entryPoints } as const;
type Resources = typeof RESOURCES;
export type ConfigKind = keyof Resources;
type RecordOf<K extends ConfigKind> = Resources[K] extends ConfigResource<infer R> ? R : never;

/** Runs a step that the running ACD may refuse, turning the refusal into the caller's error. */
export type RefusalGuard = <T>(step: () => T | Promise<T>) => Promise<T>;

export class AcdConfigService {
  constructor(
    private readonly acd: AcdService,
    private readonly guard: RefusalGuard,
  ) {}

  async create<K extends ConfigKind>(kind: K, change: ConfigChange, record: RecordOf<K>): Promise<TenantRuntime> {
    const resource = RESOURCES[kind] as unknown as ConfigResource<RecordOf<K>>;
    const { db, tenantId } = change;
    const runtime = await this.acd.ensure(tenantId, db);
    if (await resource.find(db, tenantId, record.id)) throw new ConflictError(`${resource.label} ${record.id} exists`, 'already_exists');
    await this.checkWriteApply(resource, runtime, change, undefined, record);
    return runtime;
  }

  /** Replaces the record `id` (404 if there is none); `body` is the record without its id. */
  async update<K extends ConfigKind>(kind: K, change: ConfigChange, id: string, body: Omit<RecordOf<K>, 'id'>): Promise<{ runtime: TenantRuntime; record: RecordOf<K> }> {
    const resource = RESOURCES[kind] as unknown as ConfigResource<RecordOf<K>>;
    const { db, tenantId } = change;
    const before = await resource.find(db, tenantId, id);
    if (!before) throw new NotFoundError(resource.label);
    const runtime = await this.acd.ensure(tenantId, db);
    const record = { ...body, id } as RecordOf<K>;
    await this.checkWriteApply(resource, runtime, change, before, record);
    return { runtime, record };
  }

  async remove(kind: ConfigKind, change: ConfigChange, id: string): Promise<void> {
    const resource = RESOURCES[kind] as unknown as ConfigResource<{ id: string }>;
    const { db, tenantId } = change;
    const before = await resource.find(db, tenantId, id);
    if (!before) throw new NotFoundError(resource.label);
    // A tenant with no running ACD has nothing to check or apply.
    const runtime = this.acd.tenant(tenantId);
    const checkRemovable = resource.checkRemovable;
    if (runtime && checkRemovable) await this.guard(() => checkRemovable(runtime.acd.config, id));
    await resource.delete(db, tenantId, id);
    await change.audit({ targetId: id, before, tenantId });
    if (runtime) await this.guard(() => resource.remove(runtime.acd.config, id));
  }

  async replaceCalendar(change: ConfigChange, record: CalendarRecord): Promise<void> {
    const { db, tenantId } = change;
    const before = await acdConfigRepo.calendar(db, tenantId);
    await acdConfigRepo.saveCalendar(db, tenantId, record);
    await change.audit({ targetId: null, before, after: record, tenantId });
    const runtime = await this.acd.ensure(tenantId, db);
    runtime.acd.config.applyCalendar(record);
  }

  private async checkWriteApply<R extends { id: string }>(resource: ConfigResource<R>, runtime: TenantRuntime, change: ConfigChange, before: R | undefined, record: R): Promise<void> {
    const { db, tenantId } = change;
    await this.guard(() => resource.check(runtime.acd.config, record));
    await resource.checkStored?.(db, tenantId, record);
    await resource.save(db, tenantId, record);
    await change.audit({ targetId: record.id, ...(before === undefined ? {} : { before }), after: record, tenantId });
    await this.guard(() => resource.apply(runtime.acd.config, record));
  }
}
