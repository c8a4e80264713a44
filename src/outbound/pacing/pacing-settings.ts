/**
 * The pacing part of a campaign's settings, validated: a mode, the ratio of the ratio modes and
 * the abandon-rate cap of the predictive one.
 */
import { z } from 'zod';
import { DIALLING_MODES, type PacingSettings } from './pacer.js';

/** The usual regulatory ceiling: 3 % of answered calls. */
export const DEFAULT_ABANDON_CAP_PCT = 3;

export const pacingSettingsSchema = z
  .object({
    mode: z.enum(DIALLING_MODES),
    /** Ratio or multiple: 0.1 to 10 (ten calls per agent is already far past any sane campaign). */
    ratio: z.number().min(0.1).max(10),
    /** Percent of answered calls, at most 20; 0 lets the predictive mode strand nobody, as progressive dialling does. */
    abandonCapPct: z.number().min(0).max(20),
  })
  .strict();

export const DEFAULT_PACING: PacingSettings = { mode: 'progressive', ratio: 1, abandonCapPct: DEFAULT_ABANDON_CAP_PCT };
