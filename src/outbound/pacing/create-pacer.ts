import { AgentMultiplePacer } from './agent-multiple-pacer.js';
import { AgentRatioPacer } from './agent-ratio-pacer.js';
import type { Pacer, PacingSettings } from './pacer.js';
import { pacingSettingsSchema } from './pacing-settings.js';
import { PredictivePacer } from './predictive-pacer.js';
import { PreviewPacer } from './preview-pacer.js';
import { ProgressivePacer } from './progressive-pacer.js';
import { TrunkAndAgentRatioPacer } from './trunk-and-agent-ratio-pacer.js';
import { TrunkRatioPacer } from './trunk-ratio-pacer.js';

/**
 * The pacer of a campaign's dialling mode; settings out of range are refused (a zod error naming
 * the field). Only the pacing fields are read, so a whole campaign record may be passed.
 */
export function createPacer(settings: PacingSettings): Pacer {
  const { mode, ratio, abandonCapPct } = pacingSettingsSchema.parse({ mode: settings.mode, ratio: settings.ratio, abandonCapPct: settings.abandonCapPct });
  switch (mode) {
    case 'preview':
      return new PreviewPacer();
    case 'progressive':
      return new ProgressivePacer();
    case 'predictive':
      return new PredictivePacer(abandonCapPct);
    case 'trunk_ratio':
      return new TrunkRatioPacer(ratio);
    case 'agent_ratio':
      return new AgentRatioPacer(ratio);
    case 'trunk_and_agent_ratio':
      return new TrunkAndAgentRatioPacer(ratio);
    case 'agent_multiple':
      return new AgentMultiplePacer(ratio);
  }
}
