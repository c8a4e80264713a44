/**
 * A discrete-event model of an outbound campaign with agents, driving a Pacer exactly as the
 * dialler does: after every event (a call answered, rung out, hung up, an agent free, a person
 * giving up) and on a periodic tick (`tickS`, 0 for none) it takes a snapshot and places what
 * the pacer asks.
 *
 * The people are a seeded population (population.ts). An answered person is connected to a
 * free agent at once, or waits; with no agent within `personWaitS` the call is abandoned (the
 * person hears the "safe" message). A machine holds the line while it is detected, then ends
 * without an agent. Agents are signed in for the whole shift; occupancy is their talk and
 * wrap-up time over their signed-in time. Dialling stops at the end of the shift or of the list.
 */
import type { Pacer, PacingSnapshot } from '../../src/outbound/pacing/pacer.js';
import { SeededRandom } from '../../src/acd/prng.js';
import { EventQueue } from './event-queue.js';
import { drawPopulation, type CalledNumber, type PopulationSettings } from './population.js';
import { RollingWindow } from './rolling-window.js';

export interface CampaignModelSettings extends PopulationSettings {
  agents: number;
  /** Concurrent lines (trunk channels) the campaign may use. */
  lines: number;
  shiftS: number;
  personWaitS: number;
  /** The dialler's rolling measurement window. */
  windowS: number;
  /** Seconds between snapshots taken when nothing happened; 0: snapshots on events only. */
  tickS: number;
  /**
   * When the dialler's measurements count a call: when its ringing ends (`answer`: people
   * answered are the abandon rate's denominator), or only when the call ends (`call_end`:
   * answered calls counted a handle time late, machines among the answered).
   */
  measuredAt: 'answer' | 'call_end';
  /**
   * Seconds an answered person's call spends in answering-machine detection before it needs
   * an agent (on the card: the short answer, then the silence that tells it from a greeting).
   * Machines are under detection for their whole `holdS`. Absent: people are known at once.
   */
  personDetectS?: readonly [number, number];
  /** Occupancy counts from this second of the shift on (the campaign's first minutes left out). */
  occupancyFromS?: number;
}

export const DEFAULT_MODEL: CampaignModelSettings = {
  agents: 60,
  numbers: 40_000,
  seed: 13,
  answerRate: 0.35,
  machineShare: 0.15,
  busyRate: 0.1,
  answerDelayS: [3, 15],
  busyDelayS: [1, 3],
  noAnswerTimeoutS: 30,
  machineDetectS: [2, 4],
  handle: { distribution: 'lognormal', meanS: 90, sigma: 0.6 },
  lines: 240,
  shiftS: 4 * 3600,
  personWaitS: 2,
  windowS: 900,
  tickS: 1,
  measuredAt: 'answer',
};

export interface CampaignResult {
  /** Numbers dialled. */
  placed: number;
  /** People answered (machines not counted) and those of them left without an agent. */
  people: number;
  abandoned: number;
  machines: number;
  abandonPct: number;
  occupancyPct: number;
  /** The highest abandon rate over the rolling window seen after the first `windowS`, percent. */
  worstWindowAbandonPct: number;
}

interface Call {
  number: CalledNumber;
  waiting: boolean;
}

type ModelEvent =
  | { kind: 'ring_end'; call: Call }
  | { kind: 'machine_end'; call: Call }
  | { kind: 'handle_end'; call: Call }
  | { kind: 'give_up'; call: Call }
  | { kind: 'person_detected'; call: Call }
  | { kind: 'tick' };

/** The dialler's short look back for the abandon-rate controller (rolling-measure.ts). */
const RECENT_S = 90;

export function runCampaignModel(pacer: Pacer, settings: CampaignModelSettings = DEFAULT_MODEL): CampaignResult {
  const population = drawPopulation(settings);
  // Detection times drawn apart from the list, so the list is the same with or without them.
  const detectRandom = new SeededRandom(settings.seed * 31 + 7);
  const detectDraw = () => detectRandom.next();
  const events = new EventQueue<ModelEvent>();
  const attempts = new RollingWindow(settings.windowS); // value: 1 if answered (person or machine)
  const rings = new RollingWindow(settings.windowS); // answered calls' ring seconds
  const handles = new RollingWindow(settings.windowS); // handle seconds of calls ended
  const fates = new RollingWindow(settings.windowS); // answered calls as the dialler counts them; value 1 if abandoned
  const peopleFates = new RollingWindow(settings.windowS); // people answered; value 1 if abandoned
  const recentFates = new RollingWindow(RECENT_S); // the same over the controller's short look back
  const classified = new RollingWindow(settings.windowS); // answers classified; value 1 if a person
  const atAnswer = settings.measuredAt === 'answer';
  /** The dialler's measurements of a call, when it counts them. */
  const measure = (call: Call, fate: 0 | 1 | null): void => {
    const answered = call.number.outcome === 'person' || call.number.outcome === 'machine';
    attempts.add(now, answered ? 1 : 0);
    if (answered) rings.add(now, call.number.ringS);
    if (fate !== null) {
      fates.add(now, fate);
      recentFates.add(now, fate);
    }
  };
  const occupancyFromS = settings.occupancyFromS ?? 0;

  let now = 0;
  let placed = 0;
  let free = settings.agents;
  let ringing = 0;
  let connected = 0;
  let classifying = 0;
  const waiting: Call[] = [];
  let waitingCount = 0;
  let busyAgentS = 0;
  let people = 0;
  let abandoned = 0;
  let machines = 0;
  let worstWindowAbandonPct = 0;

  const connect = (call: Call): void => {
    free -= 1;
    connected += 1;
    people += 1;
    peopleFates.add(now, 0);
    if (atAnswer) {
      fates.add(now, 0);
      recentFates.add(now, 0);
    }
    busyAgentS += Math.max(0, Math.min(now + call.number.holdS, settings.shiftS) - Math.max(now, occupancyFromS));
    events.push(now + call.number.holdS, { kind: 'handle_end', call });
  };

  /** A person is known to be on the line: to a free agent, or waiting until one frees or they give up. */
  const personKnown = (call: Call): void => {
    classified.add(now, 1);
    if (free > 0) connect(call);
    else {
      call.waiting = true;
      waiting.push(call);
      waitingCount += 1;
      events.push(now + settings.personWaitS, { kind: 'give_up', call });
    }
  };

  const snapshot = (): PacingSnapshot => {
    const attemptsNow = attempts.read(now);
    const ringsNow = rings.read(now);
    const handlesNow = handles.read(now);
    const fatesNow = fates.read(now);
    const recentNow = recentFates.read(now);
    const classifiedNow = classified.read(now);
    const up = ringing + waitingCount + connected;
    return {
      now: now * 1000,
      freeAgents: free,
      signedInAgents: settings.agents,
      ringing,
      waitingForAgent: waitingCount,
      connected,
      classifying,
      linesAvailable: Math.max(settings.lines - up, 0),
      freeTrunkChannels: Math.max(settings.lines - up, 0),
      numbersDue: now < settings.shiftS ? population.length - placed : 0,
      measured: {
        attempts: attemptsNow.count,
        answerRate: attemptsNow.count > 0 ? attemptsNow.sum / attemptsNow.count : 0,
        personRate: (attemptsNow.count > 0 ? attemptsNow.sum / attemptsNow.count : 0) * (classifiedNow.count > 0 ? classifiedNow.sum / classifiedNow.count : 1),
        meanRingSeconds: ringsNow.count > 0 ? ringsNow.sum / ringsNow.count : 0,
        meanHandleSeconds: handlesNow.count > 0 ? handlesNow.sum / handlesNow.count : 0,
        answered: fatesNow.count,
        abandoned: fatesNow.sum,
        recentAnswered: recentNow.count,
        recentAbandoned: recentNow.sum,
      },
    };
  };

  const pace = (): void => {
    if (now >= settings.shiftS) return;
    const view = snapshot();
    const window = peopleFates.read(now);
    if (now >= settings.windowS && window.count >= 100) worstWindowAbandonPct = Math.max(worstWindowAbandonPct, (100 * window.sum) / window.count);
    const calls = pacer.callsToPlace(view);
    if (!Number.isInteger(calls) || calls < 0 || calls > view.linesAvailable || calls > view.numbersDue) {
      throw new Error(`pacer asked for ${calls} calls (lines ${view.linesAvailable}, numbers ${view.numbersDue})`);
    }
    for (let i = 0; i < calls; i++) {
      const call: Call = { number: population[placed]!, waiting: false };
      placed += 1;
      ringing += 1;
      events.push(now + call.number.ringS, { kind: 'ring_end', call });
    }
  };

  if (settings.tickS > 0) for (let t = settings.tickS; t <= settings.shiftS; t += settings.tickS) events.push(t, { kind: 'tick' });
  pace();
  for (let next = events.pop(); next; next = events.pop()) {
    now = next.at;
    const event = next.event;
    switch (event.kind) {
      case 'ring_end': {
        ringing -= 1;
        const { outcome, holdS } = event.call.number;
        if (atAnswer) measure(event.call, null);
        else if (outcome === 'busy' || outcome === 'no_answer') measure(event.call, null);
        if (outcome === 'machine') {
          machines += 1;
          connected += 1;
          classifying += 1;
          events.push(now + holdS, { kind: 'machine_end', call: event.call });
        } else if (outcome === 'person' && settings.personDetectS) {
          connected += 1;
          classifying += 1;
          events.push(now + settings.personDetectS[0] + (settings.personDetectS[1] - settings.personDetectS[0]) * detectDraw(), { kind: 'person_detected', call: event.call });
        } else if (outcome === 'person') {
          personKnown(event.call);
        }
        break;
      }
      case 'person_detected':
        connected -= 1;
        classifying -= 1;
        personKnown(event.call);
        break;
      case 'machine_end':
        connected -= 1;
        classifying -= 1;
        classified.add(now, 0);
        if (!atAnswer) measure(event.call, 0);
        break;
      case 'handle_end': {
        connected -= 1;
        free += 1;
        handles.add(now, event.call.number.holdS);
        if (!atAnswer) measure(event.call, 0);
        let call = waiting.shift();
        while (call && !call.waiting) call = waiting.shift();
        if (call) {
          call.waiting = false;
          waitingCount -= 1;
          connect(call);
        }
        break;
      }
      case 'give_up':
        if (event.call.waiting) {
          event.call.waiting = false;
          waitingCount -= 1;
          people += 1;
          abandoned += 1;
          peopleFates.add(now, 1);
          if (atAnswer) {
            fates.add(now, 1);
            recentFates.add(now, 1);
          }
          else measure(event.call, 1);
        }
        break;
      case 'tick':
        break;
    }
    pace();
  }

  return {
    placed,
    people,
    abandoned,
    machines,
    abandonPct: people > 0 ? (100 * abandoned) / people : 0,
    occupancyPct: (100 * busyAgentS) / (settings.agents * (settings.shiftS - occupancyFromS)),
    worstWindowAbandonPct,
  };
}
