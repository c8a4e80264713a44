/**
 * Setting one's own password: required at first log-in of an account someone else made
 * (create-admin or a reset) and when the password has expired, before any other screen. The
 * server's policy messages (strength, reuse) land on the fields.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import { useSession } from '../../lib/session.js';
import { applyServerErrors } from '../../lib/server-errors.js';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { logout, me } = useSession();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PasswordForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ currentPassword, newPassword }: PasswordForm) => {
    setBusy(true);
    setProblem(null);
    try {
      unwrap(await api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }));
      await queryClient.invalidateQueries({ queryKey: ['auth', 'me'] });
    } catch (err) {
      setProblem(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t('password.title')}
        </Typography.Title>
        {me?.passwordExpired ? (
          <Alert role="alert" type="warning" showIcon title={t('password.expired')} style={{ marginBottom: 16 }} data-testid="password-expired" />
        ) : (
          <Alert type="info" showIcon title={t('password.firstLogin')} style={{ marginBottom: 16 }} />
        )}
        {problem ? <Alert role="alert" type="error" showIcon title={problem} style={{ marginBottom: 16 }} /> : null}
        <Form<PasswordForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, message: t('common.required') }]} extra={t('operators.passwordHint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('common.required') },
              ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('password.submit')}
          </Button>
          <Button type="link" block onClick={() => void logout()} style={{ marginTop: 8 }}>
            {t('header.logout')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
