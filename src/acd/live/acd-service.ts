/**
 * The ACD of the server: one TenantAcd per tenant (each with its own queues, agents, calendar
 * and decision core — tenants never share a queue), all on the one card. It is the QueuePort
 * (services.queues) the IVR and the dial plan hand callers to, and what the ACD routes use.
 */
import type { Knex } from 'knex';
import type { CallContext } from '../../telephony/handlers.js';
import type { QueueOutcome, QueuePort, QueueRequest } from '../../telephony/ports.js';
import { acdConfigRepo } from '../store/config-repo.js';
import { calendarSchema } from '../store/schemas.js';
import { CallControl } from './call-control.js';
import { DeskCalls } from './desk-calls.js';
import { Supervision } from './supervision.js';
import { TenantAcd, type TenantAcdDeps } from './tenant-acd.js';

/** What every tenant's ACD is built with (each gets its own tenant id and logger). */
export type AcdServiceDeps = Omit<TenantAcdDeps, 'tenantId'>;

/** One tenant's ACD and the controls over it. */
export interface TenantRuntime {
  readonly acd: TenantAcd;
  readonly control: CallControl;
  readonly deskCalls: DeskCalls;
  readonly supervision: Supervision;
}

export class AcdService implements QueuePort {
  private readonly tenants = new Map<string, TenantRuntime>();

  constructor(readonly deps: AcdServiceDeps) {}

  /** Loads every tenant that has ACD configuration and recovers its agents' states. */
  async start(): Promise<void> {
    for (const tenantId of await acdConfigRepo.tenants(this.deps.db)) await this.load(tenantId);
  }

  tenant(tenantId: string): TenantRuntime | undefined {
    return this.tenants.get(tenantId);
  }

  /**
   * The tenant's ACD, created if it has none yet (first queue or agent added). `db`: the
   * request's transaction when called from a route (SQLite has one connection).
   */
  async ensure(tenantId: string, db: Knex = this.deps.db): Promise<TenantRuntime> {
    return this.tenants.get(tenantId) ?? (await this.load(tenantId, db));
  }

  list(): TenantRuntime[] {
    return [...this.tenants.values()];
  }

  enqueue(ctx: CallContext, request: QueueRequest): Promise<QueueOutcome> {
    const runtime = this.tenants.get(ctx.tenantId);
    if (!runtime) return Promise.resolve({ kind: 'unavailable', reason: 'no ACD is configured for this tenant' });
    return runtime.acd.enqueue(ctx, request);
  }

  dispose(): void {
    for (const runtime of this.tenants.values()) runtime.acd.dispose();
    this.tenants.clear();
  }

  private async load(tenantId: string, db: Knex = this.deps.db): Promise<TenantRuntime> {
    const [queues, agents, entryPoints, calendar] = await Promise.all([
      acdConfigRepo.queues(db, tenantId),
      acdConfigRepo.agents(db, tenantId),
      acdConfigRepo.entryPoints(db, tenantId),
      acdConfigRepo.calendar(db, tenantId).catch(() => calendarSchema.parse({})),
    ]);
    const existing = this.tenants.get(tenantId);
    if (existing) return existing;
    const acd = new TenantAcd({ ...this.deps, tenantId, logger: this.deps.logger.child({ tenantId }) });
    const deskCalls = new DeskCalls(acd);
    const runtime: TenantRuntime = {
      acd,
      control: new CallControl(acd, this.deps.phoneControl, this.deps.logger),
      deskCalls,
      supervision: new Supervision(acd, deskCalls),
    };
    this.tenants.set(tenantId, runtime);
    await acd.load(db, { queues, agents, entryPoints, calendar });
    return runtime;
  }
}
