/**
 * One campaign: its state and the moves it allows, its live progress, then tabs for its numbers
 * (号码名单), its results (every attempt, with the exports), the import with its dry-run preview,
 * and its settings (the editor; read-only once stopped or for
 * a reader). The tab is in the URL (?tab=) so a link can open it.
 */
import { App, Button, Flex, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { useSession } from '../../lib/session.js';
import { CampaignActions } from './CampaignActions.js';
import { CampaignAttempts } from './CampaignAttempts.js';
import { CampaignForm, valuesOf } from './CampaignForm.js';
import { CampaignNumbers } from './CampaignNumbers.js';
import { CampaignProgress } from './CampaignProgress.js';
import { CampaignStateTag } from './CampaignStateTag.js';
import { ImportNumbers } from './ImportNumbers.js';
import { campaignKey, type Campaign } from './campaign-model.js';
import { useOutboundWritable } from './use-outbound-writable.js';

const TABS = ['numbers', 'attempts', 'import', 'settings'] as const;
type Tab = (typeof TABS)[number];

export default function CampaignPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const { tenantId } = useSession();
  const queryClient = useQueryClient();
  const writable = useOutboundWritable();
  const key = campaignKey(id, tenantId);
  const campaign = useQuery({
    queryKey: key,
    queryFn: async () => unwrap(await api.GET('/api/v1/outbound/campaigns/{id}', { params: { path: { id }, query: tenantId ? { tenantId } : {} } })),
  });
  const c = campaign.data;
  const requested = search.get('tab') as Tab | null;
  const tabs = TABS.filter((tab) => tab !== 'import' || writable);
  const tab: Tab = requested && tabs.includes(requested) ? requested : 'numbers';
  const openTab = (next: Tab) => setSearch(next === 'numbers' ? {} : { tab: next }, { replace: true });

  const changed = async (after: Campaign) => {
    queryClient.setQueryData(key, after);
    await queryClient.invalidateQueries({ queryKey: ['outbound-campaigns'] });
  };

  return (
    <PageLayout
      title={c ? `${t('outbound.campaign.title')}: ${c.name}` : t('outbound.campaign.title')}
      extra={
        <>
          {c && writable ? <CampaignActions campaign={c} onChanged={changed} /> : null}
          <Button onClick={() => void navigate('/outbound-campaigns')}>{t('outbound.campaign.back')}</Button>
        </>
      }
    >
      <QueryState isPending={campaign.isPending} error={campaign.error} onRetry={() => void campaign.refetch()}>
        {c ? (
          <>
            <Flex gap={16} align="center" wrap style={{ marginBottom: 8 }}>
              <CampaignStateTag state={c.state} />
              <Typography.Text>
                {t('outbound.fields.callingNumber')}: {c.callingNumber}
              </Typography.Text>
              <Typography.Text>
                {t('outbound.fields.maxLines')}: {c.maxLines}
              </Typography.Text>
            </Flex>
            <CampaignProgress campaignId={c.id} abandonCapPct={c.abandonCapPct} />
            <Tabs
              activeKey={tab}
              onChange={(k) => openTab(k as Tab)}
              destroyOnHidden
              items={tabs.map((k) => ({
                key: k,
                label: t(`outbound.campaign.tabs.${k}`),
                children:
                  k === 'numbers' ? (
                    <CampaignNumbers campaignId={c.id} />
                  ) : k === 'attempts' ? (
                    <CampaignAttempts campaignId={c.id} />
                  ) : k === 'import' ? (
                    <ImportNumbers campaign={c} onImported={() => openTab('numbers')} />
                  ) : (
                    <CampaignForm
                      key={c.updatedAt}
                      initial={valuesOf(c)}
                      disabled={!writable || c.state === 'stopped'}
                      submitLabel={t('common.save')}
                      onSubmit={async (values) => {
                        const after = unwrap(await api.PATCH('/api/v1/outbound/campaigns/{id}', { params: { path: { id: c.id } }, body: values }));
                        await changed(after);
                        void message.success(t('common.saved'));
                      }}
                    />
                  ),
              }))}
            />
          </>
        ) : null}
      </QueryState>
    </PageLayout>
  );
}
