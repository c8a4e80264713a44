/**
 * Erlang C staffing figures for an M/M/N queue without abandonment.
 *
 *   A  = λ · AHT                       offered traffic in Erlangs
 *   B  = Erlang B(N, A), by the recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)),
 *        which never forms A^N or N! and so stays finite for thousands of agents
 *   Pw = N·B / (N − A·(1 − B))         probability that a call waits (Erlang C)
 *   SL = 1 − Pw · e^(−(N−A)·T/AHT)     share answered within T seconds
 *   ASA = Pw · AHT / (N − A)
 *   occupancy = A / N
 *
 * With N ≤ A the queue grows without bound: Pw = 1, SL = 0, ASA = ∞, occupancy = 1.
 * Check: 100 calls / 30 min, AHT 180 s, 14 agents, T = 20 s → Pw 0.1741, SL 88.84 %,
 * ASA 7.84 s, occupancy 71.4 %.
 */
import { AcdError } from './errors.js';

export interface ErlangCInput {
  /** Calls arriving in the interval. */
  calls: number;
  intervalS: number;
  /** Average handle time, seconds. */
  ahtS: number;
  agents: number;
  /** Service-level threshold, seconds. */
  thresholdS: number;
}

export interface ErlangCResult {
  trafficErlangs: number;
  probabilityOfWaiting: number;
  /** 0–1. */
  serviceLevel: number;
  asaS: number;
  /** 0–1. */
  occupancy: number;
}

function check(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) {
    throw new AcdError('acd_invalid_config', `Erlang C: ${name} must be a finite number ≥ ${min}`, { [name]: value });
  }
}

export function trafficErlangs(calls: number, intervalS: number, ahtS: number): number {
  check('calls', calls, 0);
  check('intervalS', intervalS, Number.MIN_VALUE);
  check('ahtS', ahtS, Number.MIN_VALUE);
  return (calls / intervalS) * ahtS;
}

export function erlangB(agents: number, traffic: number): number {
  check('agents', agents, 0);
  check('traffic', traffic, 0);
  let b = 1;
  for (let n = 1; n <= Math.floor(agents); n++) b = (traffic * b) / (n + traffic * b);
  return b;
}

/** Probability that a call has to wait (Erlang C). */
export function erlangC(agents: number, traffic: number): number {
  if (agents <= traffic) return 1;
  const b = erlangB(agents, traffic);
  return (agents * b) / (agents - traffic * (1 - b));
}

export function erlangCFigures(input: ErlangCInput): ErlangCResult {
  const traffic = trafficErlangs(input.calls, input.intervalS, input.ahtS);
  check('agents', input.agents, 0);
  check('thresholdS', input.thresholdS, 0);
  const n = Math.floor(input.agents);
  if (n <= traffic) {
    return { trafficErlangs: traffic, probabilityOfWaiting: 1, serviceLevel: 0, asaS: Number.POSITIVE_INFINITY, occupancy: 1 };
  }
  const pw = erlangC(n, traffic);
  return {
    trafficErlangs: traffic,
    probabilityOfWaiting: pw,
    serviceLevel: 1 - pw * Math.exp((-(n - traffic) * input.thresholdS) / input.ahtS),
    asaS: (pw * input.ahtS) / (n - traffic),
    occupancy: traffic / n,
  };
}

export interface StaffingTarget {
  calls: number;
  intervalS: number;
  ahtS: number;
  thresholdS: number;
  /** Required service level, 0–1 (e.g. 0.8 for 80/20). */
  serviceLevel: number;
  /** Optional ceiling on ASA, seconds. */
  maxAsaS?: number;
  /** Optional ceiling on occupancy, 0–1. */
  maxOccupancy?: number;
}

/** The fewest agents that meet every given target, with the figures they give. */
export function agentsNeeded(target: StaffingTarget): { agents: number; figures: ErlangCResult } {
  check('serviceLevel', target.serviceLevel, 0);
  if (target.serviceLevel >= 1) throw new AcdError('acd_invalid_config', 'Erlang C: a service level of 100 % needs infinite agents');
  if (target.maxAsaS !== undefined && !(target.maxAsaS > 0)) {
    throw new AcdError('acd_invalid_config', 'Erlang C: maxAsaS must be > 0');
  }
  if (target.maxOccupancy !== undefined && !(target.maxOccupancy > 0 && target.maxOccupancy <= 1)) {
    throw new AcdError('acd_invalid_config', 'Erlang C: maxOccupancy must be in (0, 1]');
  }
  const traffic = trafficErlangs(target.calls, target.intervalS, target.ahtS);
  let agents = Math.max(1, Math.floor(traffic) + 1);
  if (target.maxOccupancy !== undefined) agents = Math.max(agents, Math.ceil(traffic / target.maxOccupancy));
  for (;;) {
    const figures = erlangCFigures({ ...target, agents });
    const ok =
      figures.serviceLevel >= target.serviceLevel &&
      (target.maxAsaS === undefined || figures.asaS <= target.maxAsaS) &&
      (target.maxOccupancy === undefined || figures.occupancy <= target.maxOccupancy);
    if (ok) return { agents, figures };
    agents += 1;
  }
}
