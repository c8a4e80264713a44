/** IVR settings: PIN attempts, password change by phone, languages, voicemail limits. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { useSession } from '../../lib/session.js';
import { useTenantQuery } from '../../lib/use-tenant-query.js';
import { applyServerErrors } from '../../lib/server-errors.js';

type Settings = ResponseOf<'/api/v1/ivr/settings', 'get'>['settings'];

export default function IvrSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Settings>();
  const [problem, setProblem] = useState<string | null>(null);
  const query = useTenantQuery('ivr-settings', async (q) => unwrap(await api.GET('/api/v1/ivr/settings', { params: { query: q } })));
  const writable = can('ivr:write');
  useEffect(() => {
    if (query.data) form.setFieldsValue(query.data.settings);
  }, [query.data, form]);

  const save = async (values: Settings) => {
    setProblem(null);
    try {
      const current = query.data?.settings;
      unwrap(await api.PUT('/api/v1/ivr/settings', { params: { query: tenantId ? { tenantId } : {} }, body: { ...current, ...values, languages: { ...current?.languages, ...values.languages }, voicemail: { ...current?.voicemail, ...values.voicemail } } as never }));
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['ivr-settings'] });
    } catch (err) {
      setProblem(applyServerErrors(form, err));
    }
  };

  return (
    <PageLayout title={t('ivrSettings.title')}>
      <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        <Card style={{ maxWidth: 560 }}>
          {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} /> : null}
          <Form form={form} layout="vertical" disabled={!writable} onFinish={(v) => void save(v)}>
            <Form.Item name="pinMaxAttempts" label={t('ivrSettings.pinMaxAttempts')}>
              <InputNumber min={1} max={10} />
            </Form.Item>
            <Form.Item name="passwordChange" label={t('ivrSettings.passwordChange')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name={['languages', 'default']} label={t('ivrSettings.defaultLanguage')}>
              <Select options={['zh', 'en'].map((l) => ({ value: l, label: t(`ivrSettings.languages.${l}`) }))} />
            </Form.Item>
            <Form.Item name={['languages', 'offered']} label={t('ivrSettings.offeredLanguages')}>
              <Select mode="multiple" options={['zh', 'en'].map((l) => ({ value: l, label: t(`ivrSettings.languages.${l}`) }))} />
            </Form.Item>
            <Form.Item name={['voicemail', 'maxSeconds']} label={t('ivrSettings.voicemailMaxSeconds')}>
              <InputNumber min={10} max={600} />
            </Form.Item>
            {writable ? (
              <Button type="primary" htmlType="submit">
                {t('common.save')}
              </Button>
            ) : null}
          </Form>
        </Card>
      </QueryState>
    </PageLayout>
  );
}
