/**
 * The pacer for a campaign's settings. This one paces every mode progressively — one call per
 * free agent, or per free line for a campaign without agents — within the lines and the
 * numbers due; the modes' own pacers replace it.
 */
import { modeNeedsAgents } from '../campaign-settings.js';
import type { Pacer, PacingSettings } from './pacer.js';

export function createPacer(settings: PacingSettings): Pacer {
  const byAgents = modeNeedsAgents(settings.mode);
  return {
    callsToPlace(s) {
      const wanted = byAgents ? s.freeAgents - s.ringing - s.waitingForAgent : s.linesAvailable;
      return Math.max(0, Math.min(wanted, s.linesAvailable, s.numbersDue));
    },
  };
}
