/**
 * Log-in. Says why the operator is here (session expired, logged out) and what the server
 * answered (wrong name or password, account locked with the time to wait). A plain form with
 * the kit's fields, not the kit's Form: that (with the tooltip machinery of its labels) is the
 * largest part of the first page's script, and two required fields need none of it.
 */
import { useState } from 'react';
import { Alert, Button, Card, Input, Space, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { useSession } from '../../lib/session.js';
import { chooseLanguage, currentLanguage, LANGUAGES, type Language } from '../../lib/i18n.js';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { reason, refresh } = useSession();
  const { token } = theme.useToken();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState({ username: false, password: false });
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: LoginForm) => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await api.POST('/api/v1/auth/login', { body: values });
      if (!result.response.ok) throw new ApiError(result.response.status, result.error as never, result.response.headers.get('retry-after'));
      await refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'account_locked') {
        setProblem(t('login.locked', { minutes: Math.max(1, Math.ceil(Number(err.retryAfter ?? 60) / 60)) }));
      } else if (err instanceof ApiError && err.status === 401) setProblem(t('login.failed'));
      else if (err instanceof ApiError && err.status === 422) setProblem(t('login.invalid'));
      else setProblem(t('login.unavailable'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        {/* Plain headings, not Typography: its copy/edit/ellipsis machinery would weigh on the first load. */}
        <h1 style={{ fontSize: 24, fontWeight: 600, marginTop: 0, marginBottom: 8, color: token.colorTextHeading }}>{t('app.name')}</h1>
        <p style={{ color: token.colorTextSecondary, marginBottom: 16 }}>{t('login.subtitle')}</p>
        {reason === 'expired' ? <Alert role="alert" type="warning" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} /> : null}
        {reason === 'logged_out' ? <Alert type="info" showIcon title={t('login.loggedOut')} style={{ marginBottom: 16 }} /> : null}
        {problem ? <Alert role="alert" type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const missing = { username: !username.trim(), password: !password };
            setMissing(missing);
            if (!missing.username && !missing.password) void submit({ username: username.trim(), password });
          }}
        >
          <div style={{ marginBottom: 16 }}>
            <label htmlFor="username" style={{ display: 'block', marginBottom: 8 }}>
              {t('login.username')}
            </label>
            <Input id="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} status={missing.username ? 'error' : ''} aria-invalid={missing.username} aria-describedby={missing.username ? 'username_help' : undefined} />
            {missing.username ? <div id="username_help" style={{ color: token.colorErrorText, marginTop: 4 }}>{t('login.usernameRequired')}</div> : null}
          </div>
          <div style={{ marginBottom: 24 }}>
            <label htmlFor="password" style={{ display: 'block', marginBottom: 8 }}>
              {t('login.password')}
            </label>
            <Input.Password id="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} status={missing.password ? 'error' : ''} aria-invalid={missing.password} aria-describedby={missing.password ? 'password_help' : undefined} />
            {missing.password ? <div id="password_help" style={{ color: token.colorErrorText, marginTop: 4 }}>{t('login.passwordRequired')}</div> : null}
          </div>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </form>
        {/* Two buttons rather than a drop-down: the log-in page stays light to load. */}
        <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }} role="group" aria-label={t('header.language')}>
          {LANGUAGES.map((l) => (
            <Button key={l} size="small" type={currentLanguage() === l ? 'primary' : 'default'} aria-pressed={currentLanguage() === l} onClick={() => void chooseLanguage(l as Language)}>
              {t(`languages.${l}`)}
            </Button>
          ))}
        </Space>
      </Card>
    </main>
  );
}
