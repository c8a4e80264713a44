/**
 * Runs an agent campaign end to end on a free-running virtual card, for the predictive test and
 * the `outbound-card` benchmark: the simulated population answers (people after 3–15 s, machines
 * with a spoken greeting), the engine's answering-machine detection classifies every answer,
 * and simulated agents answer their desk phones and hang up after a handle time drawn from a
 * seeded lognormal distribution. Agent occupancy is measured from the agents' phones (talk time
 * over signed-in time, in engine time); abandonment from the stored attempts.
 */
import type { Subscription } from 'rxjs';
import { SeededRandom } from '../../src/acd/prng.js';
import { classifyAnswer } from '../../src/telephony/answer-detection.js';
import { SimPopulation } from '../../src/telephony/simnet/sim-population.js';
import { simPopulationSchema } from '../../src/config/schema.js';
import { addQueue, BEFORE_NINE, ok, startDialler, upload, type DiallerServer } from './dialler-harness.js';

export interface AgentCampaignSettings {
  agents: number;
  /** Numbers in the list (more than the run can dial keeps the agents busy to the end). */
  numbers: number;
  mode: 'predictive' | 'progressive';
  /** Engine time the campaign runs before it is stopped. */
  runMs: number;
  handleMeanS: number;
  seed: number;
  maxLines: number;
  trunks: number;
  abandonCapPct?: number;
  /** Left out of steadyOccupancyPct: the start, when no call has been answered yet and the pacer still learns. */
  warmUpMs?: number;
  /** Called every engine minute with what the pacer saw (its inputs) and the agents' phones measured. */
  trace?: (line: string) => void;
}

export interface AgentCampaignResult {
  campaignId: string;
  /** Calls placed. */
  dialled: number;
  people: number;
  abandoned: number;
  machines: number;
  abandonPct: number;
  /** Agents' talk time over signed-in time during the run, percent. */
  occupancyPct: number;
  /** The same after the first `warmUpMs` of the run. */
  steadyOccupancyPct: number;
  progress: any;
  attempts: Array<{ phone: string; outcome: string; started_at: string; ended_at: string | null; number_id: number }>;
  /** What the population drew for each call, in order, per number. */
  drawn: Map<string, string[]>;
  /** The most calls up at once (sampled every engine second): above the agents only when dialling ahead. */
  maxLinesInUse: number;
  engineMs: number;
}

const TIMESLOTS = [...Array.from({ length: 15 }, (_, i) => i + 1), ...Array.from({ length: 15 }, (_, i) => i + 17)];

/** Lognormal with the given mean (sigma 0.6, as the campaign model uses). */
function lognormal(rand: SeededRandom, meanS: number, sigma = 0.6): number {
  const u1 = Math.max(rand.next(), 1e-12);
  const u2 = rand.next();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.exp(Math.log(meanS) - (sigma * sigma) / 2 + sigma * z);
}

export function phoneList(count: number, prefix = '139'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(10_000_000 + i).slice(-8)}`);
}

export async function runAgentCampaign(s: AgentCampaignSettings, keepOpen?: (live: DiallerServer) => Promise<void>): Promise<AgentCampaignResult> {
  // People stay on the line until the agent ends the call; the agent's handle time is the call's length.
  const population = await SimPopulation.create(
    simPopulationSchema.parse({ enabled: true, seed: s.seed, personPct: 35, noAnswerPct: 35, busyPct: 10, machinePct: 15, faxPct: 5, personHangupMinMs: 3_600_000, personHangupMaxMs: 3_600_000 }),
  );
  const drawn = new Map<string, string[]>();
  const next = population.next.bind(population);
  population.next = (number: string) => {
    const result = next(number);
    drawn.set(number, [...(drawn.get(number) ?? []), result.outcome]);
    return result;
  };
  const live = await startDialler({
    epochMs: BEFORE_NINE + 60_000,
    trunks: s.trunks,
    stations: Math.ceil(s.agents / TIMESLOTS.length),
    outbound: { classifyAnswer },
    setup: (services) => services.sim!.network.setPopulation(population),
  });
  const subs: Subscription[] = [];
  try {
    const clock = live.card.clock;
    await addQueue(live, 'out');
    const phones: Array<{ station: number; timeslot: number }> = [];
    for (let i = 0; i < s.agents; i++) {
      const phone = { station: Math.floor(i / TIMESLOTS.length), timeslot: TIMESLOTS[i % TIMESLOTS.length]! };
      phones.push(phone);
      await ok(live.admin.post('/api/v1/acd/agents', { id: `ag${i}`, name: `ag${i}`, extension: `${7000 + i}`, phone, queues: [{ queueId: 'out' }] }));
      await ok(live.admin.post(`/api/v1/acd/agents/ag${i}/sign-in`, {}));
    }
    // Agents answer (the phone's auto-answer) and end the call after their handle time.
    const rand = new SeededRandom(s.seed * 7919 + 1);
    const sim = live.services.sim!;
    const talkingSince = new Map<string, number>();
    const talks: Array<[number, number]> = [];
    // The agents' phones ring before they answer: the delay from the ACD's offer to talk.
    const ringingSince = new Map<string, number>();
    const alertMs: number[] = [];
    const idleGapMs: number[] = [];
    const idleSince = new Map<string, number>();
    subs.push(
      sim.phones.events$.subscribe((e) => {
        if (e.event === 'ringing') {
          ringingSince.set(e.phone, e.at);
          const idle = idleSince.get(e.phone);
          if (idle !== undefined) idleGapMs.push(e.at - idle);
        } else if (e.event === 'idle') idleSince.set(e.phone, e.at);
        if (e.event === 'answered') {
          const rang = ringingSince.get(e.phone);
          if (rang !== undefined) alertMs.push(e.at - rang);
          talkingSince.set(e.phone, e.at);
          const [station, timeslot] = e.phone.split('/').map(Number) as [number, number];
          const phone = sim.phones.phone(station, timeslot);
          const call = phone.call;
          const handleMs = Math.round(lognormal(rand, s.handleMeanS) * 1000);
          void clock.sleep(handleMs).then(() => (phone.call === call ? phone.hangUp() : undefined)).catch(() => undefined);
        } else if (e.event === 'idle' || e.event === 'hung-up') {
          const since = talkingSince.get(e.phone);
          talkingSince.delete(e.phone);
          if (since !== undefined) talks.push([since, e.at]);
        }
      }),
    );
    /** Agents' talk time over signed-in time between two engine instants, percent. */
    const occupancy = (from: number, to: number): number =>
      (100 * talks.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, to) - Math.max(a, from)), 0)) / (s.agents * (to - from));
    const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', {
      name: `${s.mode} ${s.agents}`,
      callingNumber: '95588',
      mode: s.mode,
      maxLines: s.maxLines,
      ...(s.abandonCapPct !== undefined ? { abandonCapPct: s.abandonCapPct } : {}),
      onAnswer: { kind: 'agent', queueId: 'out' },
    }));
    const phonesCsv = phoneList(s.numbers);
    await upload(live, campaign.id, Buffer.from(['phone,name', ...phonesCsv.map((p, i) => `${p},c${i}`)].join('\n')), 'list.csv');
    const from = clock.now();
    await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
    let maxLinesInUse = 0;
    // Talks still going count up to now.
    const lastMinute = (): number => {
      const to = clock.now();
      const from = to - 60_000;
      const ongoing = [...talkingSince.values()].reduce((sum, since) => sum + (to - Math.max(since, from)), 0);
      return occupancy(from, to) + (100 * ongoing) / (s.agents * 60_000);
    };
    const sums = { free: 0, ringing: 0, waiting: 0, connected: 0, n: 0 };
    for (let t = 0; t < s.runMs; t += 1000) {
      await clock.sleep(1000);
      maxLinesInUse = Math.max(maxLinesInUse, live.services.outbound!.dialler!.live(campaign.id)?.linesInUse ?? 0);
      if (!s.trace) continue;
      const pacing = live.services.outbound!.dialler!.runner(campaign.id)?.pacing;
      const seen = pacing?.snapshot;
      if (seen) {
        sums.free += seen.freeAgents;
        sums.ringing += seen.ringing;
        sums.waiting += seen.waitingForAgent;
        sums.connected += seen.connected;
        sums.n += 1;
      }
      if ((t + 1000) % 60_000 === 0 && seen) {
        const m = seen.measured;
        const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
        const avg = (k: 'free' | 'ringing' | 'waiting' | 'connected') => (sums.n === 0 ? 0 : sums[k] / sums.n).toFixed(1);
        const gain = (pacing.pacer as { controllerGain?: number }).controllerGain;
        s.trace(
          `min=${(t + 1000) / 60_000} attempts=${m.attempts} answer_rate=${m.answerRate.toFixed(3)} ring_s=${m.meanRingSeconds.toFixed(1)} handle_s=${m.meanHandleSeconds.toFixed(1)} ` +
            `answered=${m.answered} abandoned=${m.abandoned} gain=${gain?.toFixed(2) ?? '-'} avg_free=${avg('free')} avg_ringing=${avg('ringing')} avg_waiting=${avg('waiting')} avg_connected=${avg('connected')} ` +
            `agent_alert_ms=${mean(alertMs).toFixed(0)} agent_idle_gap_s=${(mean(idleGapMs) / 1000).toFixed(1)} occupancy_last_min=${lastMinute().toFixed(1)}`,
        );
        Object.assign(sums, { free: 0, ringing: 0, waiting: 0, connected: 0, n: 0 });
        alertMs.length = 0;
        idleGapMs.length = 0;
      }
    }
    const until = clock.now();
    for (const since of talkingSince.values()) talks.push([since, until]);
    // The live figures (occupancy, lines in use) while the campaign runs...
    const running = await ok(live.admin.get(`/api/v1/outbound/campaigns/${campaign.id}/progress`));
    await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'stop' }));
    await keepOpen?.(live);
    await live.services.outbound!.dialler!.settled();
    // ...and the counts once the calls up at the stop have ended and been classified, so that
    // they can be held against the attempts.
    const settled = await ok(live.admin.get(`/api/v1/outbound/campaigns/${campaign.id}/progress`));
    const progress = { ...settled, agentOccupancyPct: running.agentOccupancyPct, linesInUse: running.linesInUse };
    const attempts = await live.db('outbound_attempts').where({ campaign_id: campaign.id }).orderBy([{ column: 'started_at' }, { column: 'id' }]);
    const count = (o: string) => attempts.filter((a: { outcome: string }) => a.outcome === o).length;
    const people = count('answered') + count('abandoned');
    return {
      campaignId: campaign.id,
      dialled: attempts.length,
      people,
      abandoned: count('abandoned'),
      machines: count('machine'),
      abandonPct: people === 0 ? 0 : (100 * count('abandoned')) / people,
      occupancyPct: occupancy(from, until),
      steadyOccupancyPct: occupancy(Math.min(from + (s.warmUpMs ?? 0), until - 1), until),
      progress,
      attempts,
      drawn,
      maxLinesInUse,
      engineMs: until - from,
    };
  } finally {
    for (const sub of subs) sub.unsubscribe();
    await live.close();
  }
}
