/**
 * What must hold when the load has stopped and the calls have drained: every call placed has
 * exactly one call record with the disposition its journey leaves, no call record is left open,
 * no channel is outside idle, no agent is stuck outside available, the records journal is empty.
 */
import type { AppServices } from '../../src/services.js';
import type { PlacedCall } from './caller-pool.js';
import { channelStates, journalBytes } from './resource-sampler.js';
import { QUEUE, TENANT } from './soak-world.js';

export interface SoakChecks {
  calls: number;
  /** Placed calls with no call record. */
  cdrMissing: number;
  /** Placed calls with more than one inbound call record. */
  cdrDuplicate: number;
  /** Call records with another disposition than the journey's; a few examples. */
  wrongDisposition: number;
  wrongExamples: string[];
  /** Call records of this node still open. */
  cdrOpen: number;
  stuckChannels: number;
  channelStates: Record<string, number>;
  stuckAgents: string[];
  /** The inbound call records of the calls placed, by disposition. */
  dispositions: Record<string, number>;
  journalBytes: number;
  /** Callbacks still waiting in the queue. */
  callbacksPending: number;
}

/** Waits (engine time) until nothing is going on: calls released, agents back, callbacks done. */
export async function drain(services: AppServices, limitMs = 180_000): Promise<void> {
  const card = services.telephony!.card;
  const start = card.clock.now();
  const acd = services.acd!.tenant(TENANT)?.acd;
  const quiet = () => {
    if (services.telephony!.activeCalls().length > 0) return false;
    if (acd) {
      const q = acd.queues.queue(QUEUE);
      if (q.waiting > 0 || q.callbacks > 0) return false;
      if (acd.calls.size > 0) return false;
    }
    const states = channelStates(services);
    return Object.keys(states).every((s) => s === 'idle');
  };
  while (!quiet() && card.clock.now() - start < limitMs) await card.clock.sleep(100);
  // Agents' wrap-up runs out on its own.
  await card.clock.sleep(5000);
  await services.records.flush();
}

export async function checkInvariants(services: AppServices, calls: PlacedCall[], agentIds: string[]): Promise<SoakChecks> {
  const knex = services.store.knex;
  const rows = (await knex('cdr').where({ direction: 'inbound' }).select('calling', 'disposition')) as Array<{ calling: string | null; disposition: string | null }>;
  const byCalling = new Map<string, Array<string | null>>();
  for (const r of rows) {
    if (!r.calling) continue;
    const list = byCalling.get(r.calling) ?? [];
    list.push(r.disposition);
    byCalling.set(r.calling, list);
  }
  let cdrMissing = 0;
  let cdrDuplicate = 0;
  let wrongDisposition = 0;
  const wrongExamples: string[] = [];
  const placed = calls.filter((c) => c.placed);
  const dispositions: Record<string, number> = {};
  for (const c of placed) {
    const found = byCalling.get(c.from) ?? [];
    for (const d of found) dispositions[d ?? 'open'] = (dispositions[d ?? 'open'] ?? 0) + 1;
    if (found.length === 0) {
      if (!c.cdrOptional) cdrMissing++;
    } else if (found.length > 1) cdrDuplicate++;
    else if (c.expected !== 'any' && found[0] !== c.expected && !c.alsoAllowed?.includes(found[0] as never)) {
      wrongDisposition++;
      if (wrongExamples.length < 5) wrongExamples.push(`${c.journey} ${c.from}: ${found[0]} (expected ${c.expected}; ${c.failure ?? 'journey done'}; heard ${c.heard.slice(-3).join(' ')})`);
    }
  }
  const open = (await knex('cdr').where({ node_id: services.config.server.nodeId }).whereNull('released_at').count({ n: '*' }).first()) as { n: number | string } | undefined;
  const states = channelStates(services);
  const stuckChannels = Object.entries(states).filter(([s]) => s !== 'idle').reduce((n, [, v]) => n + v, 0);
  const acd = services.acd!.tenant(TENANT)?.acd;
  const stuckAgents = acd ? agentIds.filter((id) => acd.queues.agent(id).state !== 'available').map((id) => `${id}:${acd.queues.agent(id).state}`) : [];
  return {
    calls: placed.length,
    cdrMissing,
    cdrDuplicate,
    wrongDisposition,
    wrongExamples,
    cdrOpen: Number(open?.n ?? 0),
    stuckChannels,
    channelStates: states,
    stuckAgents,
    dispositions,
    journalBytes: journalBytes(services),
    callbacksPending: acd ? acd.queues.queue(QUEUE).callbacks : 0,
  };
}
