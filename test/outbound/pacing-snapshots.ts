import type { PacingSnapshot } from '../../src/outbound/pacing/pacer.js';

/** A snapshot of a campaign in full swing, with whatever a test changes. */
export function snapshot(overrides: Partial<Omit<PacingSnapshot, 'measured'>> & { measured?: Partial<PacingSnapshot['measured']> } = {}): PacingSnapshot {
  const { measured, ...rest } = overrides;
  return {
    now: 3_600_000,
    freeAgents: 4,
    signedInAgents: 20,
    ringing: 0,
    waitingForAgent: 0,
    connected: 16,
    linesAvailable: 100,
    freeTrunkChannels: 100,
    numbersDue: 1000,
    ...rest,
    measured: {
      attempts: 500,
      answerRate: 0.35,
      meanRingSeconds: 9,
      meanHandleSeconds: 90,
      answered: 150,
      abandoned: 0,
      ...measured,
    },
  };
}
