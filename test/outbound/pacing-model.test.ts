/**
 * The dialling modes in a seeded discrete-event model of a campaign (bench/outbound-model): 60
 * agents, 35 % of numbers answering after 3–15 s, 15 % of the answers machines, 90 s average
 * handle time. These assert what the model measures, never how long it took to run.
 */
import test from 'ava';
import { DEFAULT_MODEL, runCampaignModel, type CampaignModelSettings } from '../../bench/outbound-model/campaign-model.js';
import { drawPopulation } from '../../bench/outbound-model/population.js';
import { createPacer } from '../../src/outbound/pacing/create-pacer.js';
import type { DiallingMode } from '../../src/outbound/pacing/pacer.js';

const campaign: CampaignModelSettings = { ...DEFAULT_MODEL, agents: 60, answerRate: 0.35, machineShare: 0.15, seed: 13 };
const run = (mode: DiallingMode, abandonCapPct = 3, settings = campaign) => runCampaignModel(createPacer({ mode, ratio: 1, abandonCapPct }), settings);

test('the population is the same list whichever mode dials it, and has the shares asked for', (t) => {
  const a = drawPopulation(campaign);
  t.deepEqual(drawPopulation(campaign), a);
  const share = (outcome: string) => a.filter((n) => n.outcome === outcome).length / a.length;
  t.true(Math.abs(share('person') + share('machine') - 0.35) < 0.01, `answered ${share('person') + share('machine')}`);
  t.true(Math.abs(share('machine') / (share('person') + share('machine')) - 0.15) < 0.01);
  const people = a.filter((n) => n.outcome === 'person');
  const meanHandle = people.reduce((sum, n) => sum + n.holdS, 0) / people.length;
  t.true(Math.abs(meanHandle - 90) < 3, `mean handle ${meanHandle}`);
  t.true(a.every((n) => n.outcome !== 'person' || (n.ringS >= 3 && n.ringS <= 15)));
});

test('progressive strands nobody but leaves agents idle while calls ring', (t) => {
  const progressive = run('progressive');
  t.is(progressive.abandoned, 0);
  t.true(progressive.occupancyPct < 70, `progressive occupancy ${progressive.occupancyPct}`);
});

test('predictive keeps abandonment under the 3 % cap with agents at least 85 % occupied, 1.3 times progressive', (t) => {
  const predictive = run('predictive');
  const progressive = run('progressive');
  t.log(`predictive: abandon ${predictive.abandonPct.toFixed(2)} %, occupancy ${predictive.occupancyPct.toFixed(1)} %; progressive occupancy ${progressive.occupancyPct.toFixed(1)} %`);
  t.true(predictive.abandonPct <= 3.0, `abandon ${predictive.abandonPct}`);
  t.true(predictive.occupancyPct >= 85, `occupancy ${predictive.occupancyPct}`);
  t.true(predictive.occupancyPct >= 1.3 * progressive.occupancyPct, `${predictive.occupancyPct} vs progressive ${progressive.occupancyPct}`);
  t.true(predictive.people > progressive.people, 'more people reached in the same shift');
});

test('a lower cap gives lower abandonment', (t) => {
  const at3 = run('predictive', 3);
  const at1 = run('predictive', 1);
  t.log(`cap 3 %: ${at3.abandonPct.toFixed(2)} %, cap 1 %: ${at1.abandonPct.toFixed(2)} %`);
  t.true(at1.abandonPct < at3.abandonPct);
  t.true(at1.abandonPct <= 1.0, `abandon ${at1.abandonPct} under a 1 % cap`);
});

test('predictive holds the cap with exponential handle times too', (t) => {
  const result = run('predictive', 3, { ...campaign, handle: { distribution: 'exponential', meanS: 90, sigma: 0 } });
  t.true(result.abandonPct <= 3.0, `abandon ${result.abandonPct}`);
});

test('predictive holds the cap when snapshots come only with events (no timer)', (t) => {
  const result = run('predictive', 3, { ...campaign, tickS: 0 });
  t.true(result.abandonPct <= 3.0, `abandon ${result.abandonPct}`);
  t.true(result.occupancyPct >= 85, `occupancy ${result.occupancyPct}`);
});

test('predictive holds the cap when the dialler counts calls only as they end, machines among the answered', (t) => {
  const result = run('predictive', 3, { ...campaign, measuredAt: 'call_end' });
  t.true(result.abandonPct <= 3.0, `abandon ${result.abandonPct}`);
  t.true(result.occupancyPct >= 85, `occupancy ${result.occupancyPct}`);
});

test('the model refuses a pacer that asks for more than the limits allow', (t) => {
  const greedy = { callsToPlace: () => 1_000_000 };
  t.throws(() => runCampaignModel(greedy, { ...campaign, shiftS: 60 }), { message: /asked for 1000000/ });
});
