/** A new campaign (a draft): the editor, then the campaign's own page to import its numbers. */
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import { PageLayout } from '../../components/PageLayout.js';
import { StatusPage } from '../../components/StatusPage.js';
import { CampaignForm, NEW_CAMPAIGN } from './CampaignForm.js';
import { useOutboundWritable } from './use-outbound-writable.js';

export default function NewCampaignPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // A platform administrator looking into another tenant would create the campaign in their own.
  if (!useOutboundWritable()) return <StatusPage status={403} />;
  return (
    <PageLayout title={t('outbound.editor.createTitle')} extra={<Button onClick={() => void navigate('/outbound-campaigns')}>{t('outbound.campaign.back')}</Button>}>
      <CampaignForm
        initial={NEW_CAMPAIGN}
        disabled={false}
        submitLabel={t('outbound.editor.create')}
        onSubmit={async (values) => {
          const created = unwrap(await api.POST('/api/v1/outbound/campaigns', { body: values }));
          await queryClient.invalidateQueries({ queryKey: ['outbound-campaigns'] });
          void message.success(t('outbound.editor.created', { name: created.name }));
          await navigate(`/outbound-campaigns/${created.id}`);
        }}
      />
    </PageLayout>
  );
}
