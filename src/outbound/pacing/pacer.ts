/**
 * How many new calls a campaign places now. The dialler takes a snapshot of what it can see
 * (agents, lines, calls in flight, what the last calls measured) every time something changes
 * and asks its campaign's pacer; a pacer keeps no timers and places nothing itself, so every
 * dialling mode is a pure function of the snapshot (plus what it chooses to remember).
 */

/** The dialling modes a campaign may use: the three usual ones and the seed's four strategies. */
export const DIALLING_MODES = [
  'preview', // an agent sees the record and dials it through the desk
  'progressive', // one call per free agent
  'predictive', // paced from the measured answer rate, ring and handle times, under the abandon cap
  'trunk_ratio', // free trunk channels × ratio
  'agent_ratio', // free agents × ratio
  'trunk_and_agent_ratio', // the smaller of the two above
  'agent_multiple', // signed-in agents × ratio, minus the calls already up
] as const;
export type DiallingMode = (typeof DIALLING_MODES)[number];

export interface PacingSnapshot {
  /** Engine time, ms. */
  now: number;
  /** Agents of the campaign's queue signed in and free to take a call now. */
  freeAgents: number;
  /** Agents of the campaign's queue signed in (free, talking or wrapping up). */
  signedInAgents: number;
  /** Campaign calls placed and not yet answered (ringing). */
  ringing: number;
  /** Campaign calls answered and waiting for an agent. */
  waitingForAgent: number;
  /** Campaign calls connected to an agent or to the on-answer flow. */
  connected: number;
  /**
   * Of the connected calls, those answered and still being classified (person, machine or fax):
   * some will need an agent in a moment. Absent: the dialler cannot tell (taken as none).
   */
  classifying?: number;
  /** How many more calls the campaign's line cap and the free trunk channels allow now. */
  linesAvailable: number;
  /** Free trunk channels open to outbound calls. */
  freeTrunkChannels: number;
  /** Numbers due to be dialled now (the pacer never asks for more). */
  numbersDue: number;
  /** What the campaign's recent calls measured (a rolling window kept by the dialler). */
  measured: {
    /** Calls that ended their ringing (answered or not) in the window. */
    attempts: number;
    /** Share of those a person or machine answered, 0..1. */
    answerRate: number;
    /**
     * Share of them a person answered (who needed the flow or an agent), 0..1: machines and
     * faxes answer too but never take an agent. Absent: `answerRate` stands for it.
     */
    personRate?: number;
    /** Mean seconds from dial to answer, of the answered ones. */
    meanRingSeconds: number;
    /** Mean seconds an agent is kept by a call: from the offer to the end of its wrap-up. */
    meanHandleSeconds: number;
    /** Answered calls in the window and how many of them were abandoned (no agent in time). */
    answered: number;
    abandoned: number;
    /**
     * The same over the last few minutes only: the abandon-rate controller's quick feedback (a
     * burst of abandonment stays in the long window for its whole length). Absent: the long
     * window's figures.
     */
    recentAnswered?: number;
    recentAbandoned?: number;
  };
}

export interface PacingSettings {
  mode: DiallingMode;
  /** The ratio or multiple of the ratio modes (ignored by preview and progressive). */
  ratio: number;
  /** Predictive: the highest share of answered calls abandoned, percent, over the rolling window. */
  abandonCapPct: number;
}

export interface Pacer {
  /** New calls to place now, 0 or more; never more than `linesAvailable` or `numbersDue`. */
  callsToPlace(snapshot: PacingSnapshot): number;
}
