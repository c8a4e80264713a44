import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLiveState } from '../lib/use-live-events.js';

const STATUS = { live: 'success', connecting: 'processing', offline: 'error' } as const;

export function LiveIndicator() {
  const { t } = useTranslation();
  const state = useLiveState();
  return (
    <span role="status" aria-live="polite" data-live={state}>
      <Badge status={STATUS[state]} text={<span style={{ color: 'inherit' }}>{t(`live.${state}`)}</span>} />
    </span>
  );
}
