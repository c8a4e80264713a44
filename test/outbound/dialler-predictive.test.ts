/**
 * A predictive campaign on a free-running virtual card: ten simulated agents who answer their
 * desk and hang up after a seeded handle time, the simulated population (35 % people answering
 * after 3–15 s, 15 % answering machines, busy lines, no answers, faxes) and the engine's
 * answering-machine detection in the path. Long enough (25 engine minutes) for the pacer to
 * leave its progressive warm-up and dial ahead of the free agents.
 */
import test from 'ava';
import { DEFAULT_RETRY_RULES } from '../../src/outbound/campaign-settings.js';
import { runAgentCampaign, type AgentCampaignResult } from './agent-campaign-run.js';

const AGENTS = 10;
const CAP_PCT = 3;
const MAX_ATTEMPTS_PER_DAY = 3;
let run: AgentCampaignResult;

test.before(async () => {
  run = await runAgentCampaign({ agents: AGENTS, numbers: 600, mode: 'predictive', runMs: 25 * 60_000, handleMeanS: 90, seed: 21, maxLines: 30, trunks: 1, abandonCapPct: CAP_PCT });
});

const time = (t: string) => Date.parse(/Z$/.test(t) ? t : `${t.replace(' ', 'T')}Z`);

test('abandonment stays under the campaign cap, in the progress and in the attempts', (t) => {
  t.log(`dialled=${run.dialled} people=${run.people} abandoned=${run.abandoned} machines=${run.machines} occupancy_pct=${run.occupancyPct.toFixed(1)} max_lines=${run.maxLinesInUse}`);
  t.true(run.people >= 60, `enough people answered to measure (${run.people})`);
  t.true(run.progress.abandonRatePct <= CAP_PCT, `progress: ${JSON.stringify(run.progress)}`);
  t.true(run.abandonPct <= CAP_PCT, `attempts: ${run.abandoned} of ${run.people} people abandoned`);
});

// Progressive dialling of the same list peaks at about 13 calls up (one per free agent, plus
// machines under detection and calls being released); dialling ahead goes well beyond.
test('the pacer left its warm-up: at some point twice as many calls up as agents', (t) => {
  t.true(run.maxLinesInUse >= 2 * AGENTS, `most calls up at once: ${run.maxLinesInUse}`);
  t.true(run.occupancyPct > 50, `agents busy ${run.occupancyPct.toFixed(1)} % of the time`);
});

test('every number is attempted within its rules: the daily cap, the retry intervals, nothing after an answer', (t) => {
  const byPhone = new Map<string, typeof run.attempts>();
  for (const a of run.attempts) byPhone.set(a.phone, [...(byPhone.get(a.phone) ?? []), a]);
  t.true(byPhone.size > 100);
  for (const [phone, attempts] of byPhone) {
    t.true(attempts.length <= MAX_ATTEMPTS_PER_DAY, `${phone}: ${attempts.length} attempts`);
    for (let i = 1; i < attempts.length; i++) {
      const previous = attempts[i - 1]!;
      t.not(previous.outcome, 'answered', `${phone} dialled again after an answer`);
      const rule = DEFAULT_RETRY_RULES[previous.outcome as keyof typeof DEFAULT_RETRY_RULES] ?? DEFAULT_RETRY_RULES.failed;
      const gapMs = time(attempts[i]!.started_at) - time(previous.ended_at!);
      t.true(gapMs >= rule.intervalMinutes * 60_000, `${phone}: retried ${gapMs} ms after ${previous.outcome}`);
    }
  }
});

test('answering machines are classified as machines, people as people', (t) => {
  const classified = { machine: { drawn: 0, right: 0 }, person: { drawn: 0, right: 0 } };
  const seen = new Map<string, number>();
  for (const a of run.attempts) {
    const k = seen.get(a.phone) ?? 0;
    seen.set(a.phone, k + 1);
    const drawn = run.drawn.get(a.phone)?.[k];
    if (drawn === 'answering-machine') {
      classified.machine.drawn++;
      if (a.outcome === 'machine') classified.machine.right++;
    } else if (drawn === 'person') {
      classified.person.drawn++;
      if (a.outcome === 'answered' || a.outcome === 'abandoned') classified.person.right++;
    }
  }
  t.true(classified.machine.drawn >= 20, `machines met: ${classified.machine.drawn}`);
  t.true(classified.machine.right >= 0.85 * classified.machine.drawn, `machines detected: ${JSON.stringify(classified)}`);
  t.true(classified.person.right >= 0.9 * classified.person.drawn, `people passed: ${JSON.stringify(classified)}`);
  t.is(run.progress.machines, run.machines);
});
