/**
 * Outbound benchmark on the card: the predictive campaign of `outbound` (60 agents, answer rate
 * 35 % after 3–15 s, 15 % machines, 90 s mean handle time) run by the product's dialler on a
 * free-running virtual card (clock=freerun: engine time, many times faster than real time),
 * with the simulated population answering, the engine's answering-machine detection classifying
 * every answer and simulated agents on simulated desk phones; then the same seeded list dialled
 * progressively. Occupancy is the agents' talk time over signed-in time (no wrap-up) after the
 * first `--warmup-minutes` (5) of the run; abandonment the share of people answered who got no
 * agent, over the whole run.
 *
 * Targets: abandon_pct ≤ 3.0, occupancy_pct ≥ 85, occupancy_pct ≥ 1.3 × progressive_occupancy_pct.
 * A miss exits 1.
 *
 *   node --import=tsx bench/outbound-card.ts [--minutes M] [--warmup-minutes W] [--seed S] [--agents N] [--trace] [--predictive-only]
 *
 * Last line: outbound-card: agents=60 numbers=<N> abandon_pct=<A> occupancy_pct=<O> progressive_occupancy_pct=<P> clock=freerun engine_minutes=<m> occupancy_from_minute=<w>
 */
import { runAgentCampaign, type AgentCampaignResult, type AgentCampaignSettings } from '../test/outbound/agent-campaign-run.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
}

const agents = arg('agents', 60);
const minutes = arg('minutes', 30);
// The campaign's first minutes are left out of the occupancy (both modes alike): agents wait for
// the first answers, and predictive dials progressively until it has watched three handle times.
// A shift of hours dilutes that start; a bench of half an hour of engine time would not.
const warmUpMinutes = arg('warmup-minutes', 5);
const base: Omit<AgentCampaignSettings, 'mode'> = {
  agents,
  // More than a predictive run can dial in the time: agents never run out of numbers.
  numbers: Math.ceil(agents * minutes * 2.5),
  runMs: minutes * 60_000,
  handleMeanS: 90,
  seed: arg('seed', 13),
  maxLines: Math.min(480, agents * 3),
  // 30 channels a span: enough for three calls up per agent.
  trunks: Math.ceil((agents * 3) / 30),
  warmUpMs: warmUpMinutes * 60_000,
};

// --trace: a line a minute of what the pacer saw (its measured inputs, its controller's gain).
const trace = process.argv.includes('--trace') ? (line: string) => console.log(`  ${line}`) : undefined;

async function run(mode: AgentCampaignSettings['mode']): Promise<AgentCampaignResult & { wallS: number }> {
  const started = performance.now();
  const result = await runAgentCampaign({ ...base, mode, ...(trace ? { trace } : {}) });
  return { ...result, wallS: (performance.now() - started) / 1000 };
}

const describe = (r: AgentCampaignResult & { wallS: number }): string =>
  `dialled=${r.dialled} people=${r.people} abandoned=${r.abandoned} machines=${r.machines} abandon_pct=${r.abandonPct.toFixed(2)} ` +
  `occupancy_pct=${r.steadyOccupancyPct.toFixed(1)} whole_run_occupancy_pct=${r.occupancyPct.toFixed(1)} progress_occupancy_pct=${r.progress.agentOccupancyPct} wall_s=${r.wallS.toFixed(0)} engine_s_per_wall_s=${(r.engineMs / 1000 / r.wallS).toFixed(1)}`;

console.log(`campaign: agents=${agents} engine_minutes=${minutes} numbers=${base.numbers} trunks=${base.trunks} max_lines=${base.maxLines} handle_mean_s=${base.handleMeanS} seed=${base.seed} clock=freerun`);
const predictive = await run('predictive');
console.log(`predictive:  ${describe(predictive)}`);
// --predictive-only: for tuning; no targets checked, no summary line.
if (process.argv.includes('--predictive-only')) process.exit(0);
const progressive = await run('progressive');
console.log(`progressive: ${describe(progressive)}`);

const misses: string[] = [];
if (!(predictive.abandonPct <= 3.0)) misses.push(`abandon_pct ${predictive.abandonPct.toFixed(2)} > 3.0`);
if (!(predictive.steadyOccupancyPct >= 85)) misses.push(`occupancy_pct ${predictive.steadyOccupancyPct.toFixed(1)} < 85`);
if (!(predictive.steadyOccupancyPct >= 1.3 * progressive.steadyOccupancyPct)) misses.push(`occupancy ${predictive.steadyOccupancyPct.toFixed(1)} < 1.3 × progressive ${progressive.steadyOccupancyPct.toFixed(1)}`);
for (const miss of misses) console.log(`missed target: ${miss}`);

console.log(
  `outbound-card: agents=${agents} numbers=${predictive.dialled} abandon_pct=${predictive.abandonPct.toFixed(2)} ` +
    `occupancy_pct=${predictive.steadyOccupancyPct.toFixed(1)} progressive_occupancy_pct=${progressive.steadyOccupancyPct.toFixed(1)} clock=freerun engine_minutes=${minutes} occupancy_from_minute=${warmUpMinutes}`,
);
process.exitCode = misses.length > 0 ? 1 : 0;
