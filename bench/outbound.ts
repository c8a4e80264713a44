/**
 * Outbound benchmark: a predictive campaign against the same campaign dialled progressively,
 * in the discrete-event model of bench/outbound-model (model=des: model time, not the card's
 * clock). 60 agents signed in for a four-hour shift, answer rate 35 % after 3–15 s, 15 % of the
 * answers machines (detected in 2–4 s, no agent needed), 10 % busy, the rest ringing out at
 * 30 s, handle time lognormal with a 90 s mean. A person answered with no agent free within
 * 2 s is abandoned. Both modes dial the same seeded list; the pacers are the product's
 * (createPacer), asked after every event as the dialler asks them.
 *
 * Targets: abandon_pct ≤ 3.0 (the cap, of people answered), occupancy_pct ≥ 85 (talk and
 * wrap-up over signed-in time), occupancy_pct ≥ 1.3 × progressive_occupancy_pct. A miss exits 1.
 *
 *   node --import=tsx bench/outbound.ts [--seed S] [--cap PCT]
 *
 * Last line: outbound: agents=60 numbers=<N> abandon_pct=<A> occupancy_pct=<O> progressive_occupancy_pct=<P> model=des
 */
import { DEFAULT_MODEL, runCampaignModel, type CampaignModelSettings, type CampaignResult } from './outbound-model/campaign-model.js';
import { createPacer } from '../src/outbound/pacing/create-pacer.js';
import { DEFAULT_ABANDON_CAP_PCT } from '../src/outbound/pacing/pacing-settings.js';
import type { DiallingMode } from '../src/outbound/pacing/pacer.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
}

const cap = arg('cap', DEFAULT_ABANDON_CAP_PCT);
const settings: CampaignModelSettings = { ...DEFAULT_MODEL, seed: arg('seed', DEFAULT_MODEL.seed) };

function run(mode: DiallingMode, seed = settings.seed): CampaignResult & { wallMs: number } {
  const started = performance.now();
  const result = runCampaignModel(createPacer({ mode, ratio: 1, abandonCapPct: cap }), { ...settings, seed });
  return { ...result, wallMs: performance.now() - started };
}

const describe = (r: CampaignResult & { wallMs: number }): string =>
  `dialled=${r.placed} people=${r.people} abandoned=${r.abandoned} machines=${r.machines} abandon_pct=${r.abandonPct.toFixed(2)} ` +
  `worst_window_abandon_pct=${r.worstWindowAbandonPct.toFixed(2)} occupancy_pct=${r.occupancyPct.toFixed(1)} model_s_per_wall_s=${Math.round((settings.shiftS * 1000) / r.wallMs)}`;

console.log(`campaign: agents=${settings.agents} shift_h=${settings.shiftS / 3600} answer_rate=${settings.answerRate} machine_share=${settings.machineShare} handle_mean_s=${settings.handle.meanS} cap_pct=${cap} window_s=${settings.windowS} seed=${settings.seed}`);
const predictive = run('predictive');
const progressive = run('progressive');
console.log(`predictive:  ${describe(predictive)}`);
console.log(`progressive: ${describe(progressive)}`);

// The same campaign on other seeds, to show the spread (not part of the targets).
for (const seed of [settings.seed + 1, settings.seed + 2, settings.seed + 3]) {
  const other = run('predictive', seed);
  console.log(`predictive seed=${seed}: abandon_pct=${other.abandonPct.toFixed(2)} occupancy_pct=${other.occupancyPct.toFixed(1)}`);
}

// Measured as the dialler measures (calls counted as they end, machines among the answered).
const atCallEnd = runCampaignModel(createPacer({ mode: 'predictive', ratio: 1, abandonCapPct: cap }), { ...settings, measuredAt: 'call_end' });
console.log(`predictive measured_at=call_end: abandon_pct=${atCallEnd.abandonPct.toFixed(2)} occupancy_pct=${atCallEnd.occupancyPct.toFixed(1)}`);

const misses: string[] = [];
if (!(predictive.abandonPct <= 3.0)) misses.push(`abandon_pct ${predictive.abandonPct.toFixed(2)} > 3.0`);
if (!(predictive.occupancyPct >= 85)) misses.push(`occupancy_pct ${predictive.occupancyPct.toFixed(1)} < 85`);
if (!(predictive.occupancyPct >= 1.3 * progressive.occupancyPct)) misses.push(`occupancy ${predictive.occupancyPct.toFixed(1)} < 1.3 × progressive ${progressive.occupancyPct.toFixed(1)}`);
for (const miss of misses) console.log(`missed target: ${miss}`);

console.log(
  `outbound: agents=${settings.agents} numbers=${predictive.placed} abandon_pct=${predictive.abandonPct.toFixed(2)} ` +
    `occupancy_pct=${predictive.occupancyPct.toFixed(1)} progressive_occupancy_pct=${progressive.occupancyPct.toFixed(1)} model=des`,
);
if (misses.length > 0) process.exitCode = 1;
