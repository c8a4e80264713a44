/**
 * `npm run soak`: the product for SOAK_MINUTES (default 60) of real time with every trunk
 * channel of the default virtual card busy and churning (bench/soak/), sampled every 10 s.
 * Prints a sample line as it goes, the journeys and the checks at the end, and last:
 *   soak: minutes=<M> calls=<C> cdr_missing=<X> stuck_channels=<S> rss_growth_pct=<G> missed_ticks=<K>
 * Exits 1 when a target is missed (X = 0, S = 0, G < 5, K = 0; also no duplicate or wrong call
 * record, no agent stuck, the journal empty).
 *
 * Env: SOAK_MINUTES, SOAK_CALLERS (54), SOAK_AGENTS (10), SOAK_DIR (a temporary directory, kept),
 * SOAK_CLOCK (realtime | freerun), SOAK_SEED, SOAK_RT_PRIORITY (50: the engine threads' real-time
 * priority, as the engine benchmark and a production server use; 0 when not root), SOAK_MALLOC_TRIM
 * (1: give the allocator's free pages back after each sample, to see what the RSS growth is made of).
 */
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSoak } from './soak/soak-run.js';

const minutes = Number(process.env.SOAK_MINUTES ?? 60);
const clock = process.env.SOAK_CLOCK === 'freerun' ? 'freerun' : 'realtime';
const dir = process.env.SOAK_DIR ?? mkdtempSync(join(tmpdir(), 'tellerline-soak-'));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`soak-start: minutes=${minutes} clock=${clock} dir=${dir} cores=${cpus().length} load=${load()}`);
const result = await runSoak({
  dir,
  minutes,
  clock,
  ...(process.env.SOAK_CALLERS ? { callers: Number(process.env.SOAK_CALLERS) } : {}),
  ...(process.env.SOAK_AGENTS ? { agents: Number(process.env.SOAK_AGENTS) } : {}),
  ...(process.env.SOAK_SEED ? { seed: Number(process.env.SOAK_SEED) } : {}),
  realtimePriority: Number(process.env.SOAK_RT_PRIORITY ?? 50),
  onSample: (line) => console.log(line),
  onStall: (line) => console.log(line),
  mallocTrim: process.env.SOAK_MALLOC_TRIM === '1',
});
for (const [name, j] of Object.entries(result.journeys)) console.log(`soak-journey: ${name} calls=${j.calls} failed=${j.failed} ${JSON.stringify(j.failures)}`);
const c = result.checks;
console.log(`soak-checks: cdr_duplicate=${c.cdrDuplicate} wrong_disposition=${c.wrongDisposition} cdr_open=${c.cdrOpen} stuck_agents=${c.stuckAgents.length} journal_bytes=${c.journalBytes} callbacks_pending=${c.callbacksPending} channels=${JSON.stringify(c.channelStates)} load=${load()}`);
for (const w of c.wrongExamples) console.log(`soak-wrong: ${w}`);
if (c.stuckAgents.length) console.log(`soak-stuck-agents: ${c.stuckAgents.join(' ')}`);
if (result.missed.length) console.log(`soak-missed: ${result.missed.join(',')}`);
console.log(result.line);
process.exit(result.missed.length ? 1 : 0);
