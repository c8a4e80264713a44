/**
 * Samples what creeps over hours: resident memory, the JS heap, open handles and file
 * descriptors, event-loop delay, missed engine ticks, channels by state, calls up, and the
 * store (call records, the records journal).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { mallocStats } from '../../bindings/index.js';
import type { AppServices } from '../../src/services.js';
import { takeSqliteTime } from './sqlite-timer.js';
import { StealMeter } from './host-steal.js';

export interface Sample {
  /** Engine time (ms). */
  at: number;
  rssMb: number;
  heapUsedMb: number;
  /** What V8 has committed for its heap (resident once touched): grows with fragmentation, not only with use. */
  heapTotalMb: number;
  /** Of heapTotalMb: the young generation (it grows in steps with the allocation rate) and the old. */
  newSpaceMb: number;
  oldSpaceMb: number;
  /** Memory of Buffers and ArrayBuffers outside the JS heap. */
  externalMb: number;
  /** Resident anonymous memory (heaps: JS, malloc, thread stacks) and file-backed (code, mapped files). */
  rssAnonMb: number;
  rssFileMb: number;
  /** The C allocator: in use by native code (the addon, SQLite, Node's own), and held free in its arenas. */
  mallocInUseMb: number;
  mallocFreeMb: number;
  /** What the allocator obtained from the system (arenas and large blocks). */
  mallocSystemMb: number;
  mallocArenas: number;
  /** The engine's prompt cache: loads from disk so far (a cache still filling keeps missing). */
  promptCacheMisses: number;
  /** Conferences (bridges) the engine holds: each live call has at most one. */
  conferences: number;
  /** Garbage-collection pauses since the previous sample (ms). */
  gcMaxMs: number;
  gcTotalMs: number;
  /** Time the event loop spent inside SQLite statements (commits and their fsync included) since the previous sample. */
  sqliteMaxMs: number;
  /** The start of the longest statement's SQL, when it took 50 ms or more. */
  sqliteSlowSql: string;
  sqliteTotalMs: number;
  handles: number;
  fds: number;
  /** Event-loop delay since the previous sample (ms). */
  loopP99Ms: number;
  loopMaxMs: number;
  missedTicks: number;
  /** CPU time the hypervisor took from this virtual machine since the previous sample (ms, all CPUs). */
  stealMs: number;
  callsUp: number;
  channels: Record<string, number>;
  cdrRows: number;
  journalBytes: number;
}

export function openFileDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Channels of every span by state (trunks, the network side, the agents' phones). */
export function channelStates(services: AppServices): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const span of services.telephony!.card.spans) {
    for (const ch of span.channels) counts[ch.state] = (counts[ch.state] ?? 0) + 1;
  }
  return counts;
}

export function journalBytes(services: AppServices): number {
  try {
    return statSync(join(services.config.data.dir, 'journal', 'records.jsonl')).size;
  } catch {
    return 0;
  }
}

/** Resident memory by kind from /proc/self/status (kB lines), in MB; 0 where the kernel has none. */
export function residentByKind(): { anonMb: number; fileMb: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024 };
}

export class ResourceSampler {
  readonly samples: Sample[] = [];
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly missedAtStart: number;
  private readonly gc: PerformanceObserver;
  private gcMax = 0;
  private gcTotal = 0;
  readonly steal = new StealMeter();

  constructor(private readonly services: AppServices) {
    this.loop.enable();
    this.missedAtStart = services.telephony!.card.stats().missedDeadlines;
    this.gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        this.gcMax = Math.max(this.gcMax, e.duration);
        this.gcTotal += e.duration;
      }
    });
    this.gc.observe({ entryTypes: ['gc'] });
  }

  missedTicks(): number {
    return this.services.telephony!.card.stats().missedDeadlines - this.missedAtStart;
  }

  async sample(callsUp: number): Promise<Sample> {
    const mem = process.memoryUsage();
    const telephony = this.services.telephony!;
    const row = (await this.services.store.knex('cdr').count({ n: '*' }).first()) as { n: number | string } | undefined;
    const malloc = mallocStats();
    const spaces = getHeapSpaceStatistics();
    const space = (name: string) => (spaces.find((x) => x.space_name === name)?.space_size ?? 0) / 2 ** 20;
    const resident = residentByKind();
    const sqlite = takeSqliteTime();
    const s: Sample = {
      at: telephony.card.clock.now(),
      rssMb: mem.rss / 2 ** 20,
      heapUsedMb: mem.heapUsed / 2 ** 20,
      heapTotalMb: mem.heapTotal / 2 ** 20,
      newSpaceMb: space('new_space'),
      oldSpaceMb: space('old_space'),
      externalMb: mem.external / 2 ** 20,
      rssAnonMb: resident.anonMb,
      rssFileMb: resident.fileMb,
      mallocInUseMb: malloc.inUseBytes / 2 ** 20,
      mallocFreeMb: malloc.freeBytes / 2 ** 20,
      mallocSystemMb: (malloc.arenaBytes + malloc.mmapBytes) / 2 ** 20,
      mallocArenas: malloc.arenas,
      promptCacheMisses: telephony.card.stats().promptCacheMisses,
      conferences: telephony.card.stats().conferences,
      gcMaxMs: this.gcMax,
      gcTotalMs: this.gcTotal,
      sqliteMaxMs: sqlite.maxMs,
      sqliteSlowSql: sqlite.maxMs >= 50 ? sqlite.maxSql.replace(/\s+/g, ' ').slice(0, 80) : '',
      sqliteTotalMs: sqlite.totalMs,
      handles: process.getActiveResourcesInfo().length,
      fds: openFileDescriptors(),
      loopP99Ms: this.loop.percentile(99) / 1e6,
      loopMaxMs: this.loop.max / 1e6,
      missedTicks: this.missedTicks(),
      stealMs: this.steal.take(),
      callsUp,
      channels: channelStates(this.services),
      cdrRows: Number(row?.n ?? 0),
      journalBytes: journalBytes(this.services),
    };
    this.loop.reset();
    this.gcMax = 0;
    this.gcTotal = 0;
    this.samples.push(s);
    return s;
  }

  stop(): void {
    this.loop.disable();
    this.gc.disconnect();
  }
}

/** One line per sample, for the log of a long run. */
export function formatSample(s: Sample, calls: number): string {
  const channels = Object.entries(s.channels).map(([k, v]) => `${k}:${v}`).join(',');
  return `soak-sample: t=${(s.at / 60_000).toFixed(1)}min calls=${calls} up=${s.callsUp} rss_mb=${s.rssMb.toFixed(1)} heap_mb=${s.heapUsedMb.toFixed(1)} heap_total_mb=${s.heapTotalMb.toFixed(1)} new_space_mb=${s.newSpaceMb.toFixed(1)} old_space_mb=${s.oldSpaceMb.toFixed(1)} external_mb=${s.externalMb.toFixed(1)} anon_mb=${s.rssAnonMb.toFixed(1)} file_mb=${s.rssFileMb.toFixed(1)} malloc_used_mb=${s.mallocInUseMb.toFixed(1)} malloc_free_mb=${s.mallocFreeMb.toFixed(1)} malloc_sys_mb=${s.mallocSystemMb.toFixed(1)} arenas=${s.mallocArenas} prompt_loads=${s.promptCacheMisses} gc_max_ms=${s.gcMaxMs.toFixed(1)} gc_ms=${s.gcTotalMs.toFixed(0)} sqlite_max_ms=${s.sqliteMaxMs.toFixed(1)} sqlite_ms=${s.sqliteTotalMs.toFixed(0)} ${s.sqliteSlowSql ? `sqlite_slow_sql=${JSON.stringify(s.sqliteSlowSql)} ` : ''}handles=${s.handles} fds=${s.fds} loop_p99_ms=${s.loopP99Ms.toFixed(1)} loop_max_ms=${s.loopMaxMs.toFixed(1)} missed_ticks=${s.missedTicks} steal_ms=${s.stealMs} cdr_rows=${s.cdrRows} journal_bytes=${s.journalBytes} channels=${channels}`;
}

/**
 * RSS growth in per cent from just after the warm-up to the end: the median of the samples in
 * the first window after `warmupMs` against the median of the last window (medians, so one
 * garbage-collection peak does not decide it).
 */
export function rssGrowthPct(samples: Sample[], warmupMs: number, windowMs: number): number {
  const start = samples[0]?.at ?? 0;
  const end = samples.at(-1)?.at ?? 0;
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
  };
  const after = samples.filter((s) => s.at >= start + warmupMs && s.at < start + warmupMs + windowMs).map((s) => s.rssMb);
  const last = samples.filter((s) => s.at > end - windowMs).map((s) => s.rssMb);
  const base = median(after);
  return ((median(last) - base) / base) * 100;
}
