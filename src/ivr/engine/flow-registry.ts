/**
 * Which version of a flow answers a new call: the tenant's active version from the store
 * (looked up at the start of every call, so an activation anywhere takes effect on the next
 * call, on every node), parsed once per version and cached. A call keeps the flow object it
 * started with: saving or activating another version never disturbs calls in progress.
 *
 * A tenant with no stored flow of that name gets the flow shipped with the product (version
 * 0), so a newly created bank answers calls at once; its first save makes version 1. When the
 * store cannot be read, the flow last loaded for the tenant answers (calls and campaigns go on
 * through a database outage).
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { shippedFlow } from '../flows/default-flows.js';
import { flowsRepo } from '../store/flows-repo.js';
import type { FlowDefinition } from './flow-schema.js';
import { describeIssue, validateFlow } from './flow-validation.js';

export interface LoadedFlow {
  name: string;
  version: number;
  flow: FlowDefinition;
}

export class FlowRegistry {
  private readonly cache = new Map<string, FlowDefinition>();
  private readonly lastLoaded = new Map<string, LoadedFlow | undefined>();

  constructor(
    private readonly knex: Knex,
    private readonly logger: Logger,
  ) {}

  /** The flow for a new call; the one last loaded if the store fails (none yet: the error). */
  async load(tenantId: string, name: string): Promise<LoadedFlow | undefined> {
    const key = `${tenantId}/${name}`;
    try {
      const loaded = await this.read(tenantId, name);
      this.lastLoaded.set(key, loaded);
      return loaded;
    } catch (err) {
      if (!this.lastLoaded.has(key)) throw err;
      this.logger.warn({ tenantId, flow: name, err: { message: (err as Error).message } }, 'ivr flow could not be read; the one last read answers');
      return this.lastLoaded.get(key);
    }
  }

  private async read(tenantId: string, name: string): Promise<LoadedFlow | undefined> {
    const active = await flowsRepo.activeVersion(this.knex, tenantId, name);
    if (active) {
      let flow = this.cache.get(active.versionId);
      if (!flow) {
        const stored = await flowsRepo.version(this.knex, tenantId, active.versionId);
        const checked = validateFlow(stored?.definition);
        if (checked.ok) {
          flow = checked.flow;
          if (this.cache.size > 200) this.cache.clear();
          this.cache.set(active.versionId, flow);
        } else {
          // Saved flows were valid when saved; one that is not any more (a prompt removed by an
          // upgrade) must not leave callers in silence.
          this.logger.error({ tenantId, flow: name, version: active.version, issues: checked.issues.slice(0, 5).map(describeIssue) }, 'stored ivr flow no longer valid; using the shipped flow');
        }
      }
      if (flow) return { name, version: active.version, flow };
    }
    const shipped = shippedFlow(name);
    return shipped ? { name, version: 0, flow: shipped } : undefined;
  }
}
