/**
 * One soak: the product under churning load for a number of (engine) minutes, sampled as it
 * goes, then drained and checked. Used by `npm run soak` (real time) and by the short soak in the
 * test suite (a free-running card: minutes of engine time in seconds).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { mallocTrim } from '../../bindings/index.js';
import { CallerPool } from './caller-pool.js';
import { startCoreSimProcess } from './core-sim-process.js';
import { formatSample, ResourceSampler, rssGrowthPct, type Sample } from './resource-sampler.js';
import { failureKind } from './failure-kind.js';
import { checkInvariants, drain, type SoakChecks } from './soak-invariants.js';
import { startSoakWorld } from './soak-world.js';
import { installSqliteTimer } from './sqlite-timer.js';

export interface SoakOptions {
  dir: string;
  minutes: number;
  clock: 'realtime' | 'freerun';
  /** Callers on the line at once (default 54 of the 60 trunk channels: callbacks need a free one). */
  callers?: number;
  agents?: number;
  sampleEveryMs?: number;
  seed?: number;
  logger?: Logger;
  /** SCHED_FIFO priority of the engine threads (as root), as a production server runs them. */
  realtimePriority?: number;
  /** Each sample as it is taken (a long run prints them). */
  onSample?: (line: string, sample: Sample) => void;
  /** Trim the C allocator's free pages after each sample (an experiment: does the RSS growth go with them?). */
  mallocTrim?: boolean;
  /** Each stall of the engine's clock (a run of late ticks), as the engine describes it. */
  onStall?: (line: string) => void;
}

export interface SoakResult {
  minutes: number;
  checks: SoakChecks;
  rssGrowthPct: number;
  missedTicks: number;
  samples: Sample[];
  journeys: Record<string, { calls: number; failed: number; failures: Record<string, number> }>;
  /** The last line `npm run soak` prints. */
  line: string;
  /** Which targets were missed (empty: all met). */
  missed: string[];
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  mkdirSync(options.dir, { recursive: true });
  installSqliteTimer();
  const today = '2026-03-02';
  const core = await startCoreSimProcess({ today });
  const world = await startSoakWorld({ dir: options.dir, clock: options.clock, core, agents: options.agents ?? 10, start: `${today}T10:00`, config: { card: { realtimePriority: options.realtimePriority ?? 0 } }, ...(options.logger ? { logger: options.logger } : {}) });
  const services = world.services;
  const card = services.telephony!.card;
  // Callbacks: the customer's line answers and hangs up after a short talk.
  services.sim!.network.setDefault({ kind: 'answer', ringMs: 2000, hangupAfterMs: 12_000 });
  const scratch = join(options.dir, 'scratch');
  mkdirSync(scratch, { recursive: true });
  const pool = new CallerPool({ services, callers: options.callers ?? 54, scratchDir: scratch, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const sampler = new ResourceSampler(services);
  const stalls = card.events$.subscribe((e) => {
    if (e.type === 'notice' && e.span === -1 && e.text.startsWith('engine clock stall')) {
      options.onStall?.(`soak-stall: t=${(e.at / 60_000).toFixed(2)}min host_steal_ms_this_interval=${sampler.steal.peek()} ${e.text}`);
    }
  });
  const durationMs = options.minutes * 60_000;
  const every = options.sampleEveryMs ?? 10_000;
  try {
    const start = card.clock.now();
    pool.start();
    while (card.clock.now() - start < durationMs) {
      await card.clock.sleep(Math.min(every, durationMs - (card.clock.now() - start)));
      if (options.mallocTrim) mallocTrim();
      const s = await sampler.sample(pool.live);
      options.onSample?.(formatSample(s, pool.calls.length), s);
    }
    await pool.close();
    await drain(services);
    const missedTicks = sampler.missedTicks();
    const checks = await checkInvariants(services, pool.calls, world.agentIds);
    // Warm-up: a fifth of the run, at most 10 minutes; compared over windows of a twentieth.
    const warmup = Math.min(durationMs / 5, 600_000);
    const growth = rssGrowthPct(sampler.samples, warmup, Math.max(durationMs / 20, every * 3));
    const journeys: SoakResult['journeys'] = {};
    for (const c of pool.calls) {
      const j = (journeys[c.journey] ??= { calls: 0, failed: 0, failures: {} });
      j.calls++;
      if (c.failure) {
        j.failed++;
        const why = failureKind(c.failure).slice(0, 80);
        j.failures[why] = (j.failures[why] ?? 0) + 1;
      }
    }
    const missed: string[] = [];
    if (checks.cdrMissing > 0) missed.push('cdr_missing');
    if (checks.cdrDuplicate > 0) missed.push('cdr_duplicate');
    if (checks.wrongDisposition > 0) missed.push('wrong_disposition');
    if (checks.cdrOpen > 0) missed.push('cdr_open');
    if (checks.stuckChannels > 0) missed.push('stuck_channels');
    if (checks.stuckAgents.length > 0) missed.push('stuck_agents');
    if (checks.journalBytes > 0) missed.push('journal_not_empty');
    if (!(growth < 5)) missed.push('rss_growth');
    if (missedTicks > 0) missed.push('missed_ticks');
    const line = `soak: minutes=${options.minutes} calls=${checks.calls} cdr_missing=${checks.cdrMissing} stuck_channels=${checks.stuckChannels} rss_growth_pct=${growth.toFixed(1)} missed_ticks=${missedTicks}`;
    return { minutes: options.minutes, checks, rssGrowthPct: growth, missedTicks, samples: sampler.samples, journeys, line, missed };
  } finally {
    stalls.unsubscribe();
    sampler.stop();
    await pool.close().catch(() => undefined);
    await world.close().catch(() => undefined);
    await core.stop('SIGTERM');
  }
}
