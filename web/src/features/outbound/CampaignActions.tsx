/**
 * Start, pause, resume and stop a campaign: the buttons its state allows. Stopping is final
 * (the campaign dials no more and cannot be started again), so it asks first.
 */
import { App, Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { actionsFor, type Campaign, type CampaignAction } from './campaign-model.js';

export function CampaignActions({ campaign, onChanged, size }: { campaign: Campaign; onChanged(c: Campaign): Promise<void> | void; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();

  const run = async (action: CampaignAction) => {
    try {
      const after = unwrap(await api.POST('/api/v1/outbound/campaigns/{id}/state', { params: { path: { id: campaign.id } }, body: { action } }));
      void message.success(t(`outbound.actions.done.${action}`, { name: campaign.name }));
      await onChanged(after);
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Space size={4} wrap>
      {actionsFor(campaign.state).map((action) =>
        action === 'stop' ? (
          <Popconfirm key={action} title={t('outbound.actions.stopConfirm')} description={t('outbound.actions.stopWarning')} okText={t('outbound.actions.stop')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => run(action)}>
            <Button size={size} danger>
              {t('outbound.actions.stop')}
            </Button>
          </Popconfirm>
        ) : (
          <Button key={action} size={size} type={action === 'pause' ? 'default' : 'primary'} onClick={() => void run(action)}>
            {t(`outbound.actions.${action}`)}
          </Button>
        ),
      )}
    </Space>
  );
}
