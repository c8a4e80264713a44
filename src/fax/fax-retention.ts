/**
 * Retention of fax files (fax.retentionDays): every hour, the files of faxes that started more
 * than retentionDays ago -- the TIFF received or sent, the PNG pages -- and the copies kept by
 * fax jobs that finished that long ago are deleted, and their rows marked `purged_at`. The rows
 * stay (who, when, which number, the T.30 result): the bank's record that the fax happened.
 * GET /faxes/:id/tiff|png then answer 410.
 *
 *   - 0 days (the default) keeps everything: no sweep runs;
 *   - fax-on-demand documents are never deleted, even when an old fax points at one;
 *   - a job still queued or running keeps its copy, whatever the age of its earlier attempts;
 *   - a file already gone counts as deleted; any other failure leaves the row unmarked (logged,
 *     tried again at the next sweep) and the sweep goes on with the others.
 *
 * `sweep(now)` takes the time as an argument so tests need not wait days.
 */
import { rm, rmdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { FaxFiles } from './fax-files.js';
import type { FaxSettings } from './fax-settings.js';
import { faxJobRepo, type FaxJobStatus } from './store/fax-job-repo.js';
import { faxRepo } from './store/fax-repo.js';

const DAY_MS = 86_400_000;
export const RETENTION_SWEEP_MS = 3600_000;
/** Rows read at once: a first sweep over years of faxes does not load them all. */
const BATCH = 200;
const FINAL: ReadonlySet<FaxJobStatus> = new Set(['sent', 'failed', 'cancelled']);

export interface FaxRetentionDeps {
  db: Knex;
  files: FaxFiles;
  settings: Pick<FaxSettings, 'retentionDays'>;
  now(): Date;
  logger: Logger;
}

export interface SweepResult {
  /** Fax rows whose files were deleted (marked purged). */
  faxes: number;
  /** Fax job rows whose copy was deleted (marked purged). */
  jobs: number;
  /** Rows left for the next sweep: a file could not be deleted. */
  failed: number;
}

export class FaxRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: FaxRetentionDeps) {}

  get enabled(): boolean {
    return this.deps.settings.retentionDays > 0;
  }

  /** A first sweep now, then one every `intervalMs`; the timer never keeps the process alive. */
  start(intervalMs = RETENTION_SWEEP_MS): void {
    if (!this.enabled || this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** No more sweeps; waits for one in progress (the store closes after this). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Deletes what is older than the retention period at `now`. */
  async sweep(now: Date = this.deps.now()): Promise<SweepResult> {
    const result: SweepResult = { faxes: 0, jobs: 0, failed: 0 };
    if (!this.enabled) return result;
    const before = new Date(now.getTime() - this.deps.settings.retentionDays * DAY_MS).toISOString();
    const at = now.toISOString();
    const { db } = this.deps;

    for (let afterId = ''; ; ) {
      const batch = await faxRepo.purgeCandidates(db, before, afterId, BATCH);
      const jobs = await faxJobRepo.statuses(db, [...new Set(batch.flatMap((f) => (f.jobId ? [f.jobId] : [])))]);
      for (const fax of batch) {
        afterId = fax.id;
        const jobStatus = fax.jobId ? jobs.get(fax.jobId) : undefined;
        // The job will send this file again: its own sweep deletes it once the job is over.
        if (jobStatus && !FINAL.has(jobStatus)) continue;
        const pages = await faxRepo.pages(db, fax.id);
        const files = [...(fax.file ? [fax.file] : []), ...pages.map((p) => p.pngFile)];
        if (await this.remove(files, { faxId: fax.id })) {
          await faxRepo.markPurged(db, fax.id, at);
          result.faxes++;
        } else result.failed++;
      }
      if (batch.length < BATCH) break;
    }

    for (let afterId = ''; ; ) {
      const batch = await faxJobRepo.purgeCandidates(db, before, afterId, BATCH);
      for (const job of batch) {
        afterId = job.id;
        if (await this.remove([job.file], { jobId: job.id })) {
          await faxJobRepo.markPurged(db, job.id, at);
          result.jobs++;
        } else result.failed++;
      }
      if (batch.length < BATCH) break;
    }
    if (result.faxes + result.jobs + result.failed > 0) this.deps.logger.info({ ...result, before }, 'fax retention: old fax files deleted');
    return result;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'fax retention sweep failed; tried again at the next one'))
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Deletes the files (gone already is fine); false if one could not be deleted. */
  private async remove(relative: string[], about: Record<string, string>): Promise<boolean> {
    const dirs = new Set<string>();
    for (const file of relative) {
      if (!this.deps.files.purgeable(file)) continue;
      try {
        const abs = this.deps.files.abs(file);
        await rm(abs, { force: true });
        dirs.add(dirname(abs));
      } catch (err) {
        this.deps.logger.warn({ err, file, ...about }, 'fax retention: could not delete a fax file');
        return false;
      }
    }
    // A received fax's own directory, now empty (rmdir refuses one that is not).
    for (const dir of dirs) if (basename(dirname(dir)) === 'received') await rmdir(dir).catch(() => undefined);
    return true;
  }
}
