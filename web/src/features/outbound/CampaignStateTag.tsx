import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATUS_COLOURS } from '../../lib/theme.js';
import type { CampaignState } from './campaign-model.js';

// Solid colours that keep white text readable (the light preset tags fail contrast).
const COLOURS: Record<CampaignState, string> = { draft: '#434343', running: STATUS_COLOURS.ok, paused: STATUS_COLOURS.warn, stopped: STATUS_COLOURS.bad };

export function CampaignStateTag({ state }: { state: CampaignState }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[state]} data-testid="campaign-state">
      {t(`outbound.states.${state}`)}
    </Tag>
  );
}
