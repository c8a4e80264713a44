/**
 * Prometheus gauges of every tenant's queues and agents, refreshed before each scrape, and of
 * where the ACD's activity rows went (straight in, journalled during an outage, refused).
 */
import { Gauge } from 'prom-client';
import type { AppServices } from '../../services.js';
import { AGENT_STATES } from '../agent-state.js';
import type { AcdService } from './acd-service.js';

export function registerAcdMetrics(services: AppServices, acd: AcdService): void {
  const registry = services.metrics.registry;
  const labels = ['tenant', 'queue'] as const;
  const waiting = new Gauge({ name: 'tellerline_acd_queue_waiting', help: 'callers waiting (and callbacks pending) in the queue', labelNames: labels, registers: [registry] });
  const available = new Gauge({ name: 'tellerline_acd_queue_agents_available', help: 'agents of the queue available now', labelNames: labels, registers: [registry] });
  const staffed = new Gauge({ name: 'tellerline_acd_queue_agents_staffed', help: 'agents of the queue working calls (available, ringing, talking, wrap-up, busy)', labelNames: labels, registers: [registry] });
  const oldest = new Gauge({ name: 'tellerline_acd_queue_oldest_wait_seconds', help: 'wait of the longest-waiting caller in the queue', labelNames: labels, registers: [registry] });
  const agents = new Gauge({ name: 'tellerline_acd_agents', help: 'agents by state', labelNames: ['tenant', 'state'] as const, registers: [registry] });
  const rows = new Gauge({
    name: 'tellerline_acd_activity_rows',
    help: 'ACD activity and recording metadata rows since start, by where they went (db, journal, memory, dead_letter, lost)',
    labelNames: ['path'] as const,
    registers: [registry],
  });
  services.metrics.registerCollector('acd', () => {
    const stats = acd.deps.activity.stats;
    rows.set({ path: 'db' }, stats.written);
    rows.set({ path: 'journal' }, stats.journalled);
    rows.set({ path: 'memory' }, stats.heldInMemory);
    rows.set({ path: 'dead_letter' }, stats.deadLettered);
    rows.set({ path: 'lost' }, stats.lost);
    for (const runtime of acd.list()) {
      const tenant = runtime.acd.tenantId;
      const now = runtime.acd.now();
      for (const q of runtime.acd.queues.listQueues()) {
        const l = { tenant, queue: q.id };
        waiting.set(l, q.waiting + q.callbacks);
        available.set(l, q.available);
        staffed.set(l, q.staffed);
        oldest.set(l, q.oldestWaitingSince === undefined ? 0 : Math.max(0, (now - q.oldestWaitingSince) / 1000));
      }
      const counts = new Map<string, number>(AGENT_STATES.map((s) => [s, 0]));
      for (const a of runtime.acd.queues.listAgents()) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
      for (const [state, n] of counts) agents.set({ tenant, state }, n);
    }
  });
}
