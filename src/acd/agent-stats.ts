/**
 * The per-agent figures the distribution strategies compare, and exactly what they mean.
 *
 * All of them cover one *statistics window*: the current business day, which starts at a
 * configurable local hour (default 00:00, Asia/Shanghai) and is reset for every agent at once.
 * A day window (rather than "since sign-in") keeps an agent who signs out for lunch from
 * starting the afternoon with a clean slate and jumping the line.
 *
 * - Idle stretch: a continuous period in `available`. It starts when the agent becomes available
 *   (sign-in, resume, unlock, end of wrap-up, or after declining an offer) and closes when an
 *   offer is answered (closed at the moment the offer began ringing: ringing is not idle), or
 *   when the agent pauses, signs out or is locked. An offer withdrawn through no fault of the
 *   agent (the caller hung up, another agent answered a ring-all) does not close it: the agent
 *   keeps their place.
 * - Idle time (longest_idle): the length of the current idle stretch, i.e. now − availableSince.
 *   Ordering by availableSince ascending is the same thing and does not change with time.
 * - Average idle time (longest_average_idle): total length of the *closed* idle stretches of the
 *   window divided by their number. An agent with no closed stretch yet has no average and goes
 *   first (as if infinitely idle); ties by longest current idle.
 * - Talk time (least_talk_time): total talking time of the window's answered calls that have
 *   ended (answer to hang-up; ringing and wrap-up excluded).
 * - Average talk time (least_average_talk_time): talk time / answered calls; 0 with no calls.
 * - Answered calls (fewest_answered): calls answered in the window.
 * - A callback dial the customer never answered is neither an answered call nor talk time.
 *
 * Every figure only changes while the agent is not available, so the order of available agents
 * is fixed and can be indexed; the window reset rebuilds the indexes.
 */
export interface AgentWindowStats {
  /** Start of the statistics window (ms). */
  windowStart: number;
  answered: number;
  talkMs: number;
  idleMs: number;
  idlePeriods: number;
}

export function emptyStats(windowStart: number): AgentWindowStats {
  return { windowStart, answered: 0, talkMs: 0, idleMs: 0, idlePeriods: 0 };
}

/** undefined when no idle stretch has closed yet in the window. */
export function averageIdleMs(stats: AgentWindowStats): number | undefined {
  return stats.idlePeriods === 0 ? undefined : stats.idleMs / stats.idlePeriods;
}

export function averageTalkMs(stats: AgentWindowStats): number {
  return stats.answered === 0 ? 0 : stats.talkMs / stats.answered;
}
