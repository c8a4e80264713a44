/**
 * The frame around every screen: the menu of what this operator may use, and a header with the
 * operator, role and tenant, the tenant switcher (platform administrators), the language, the
 * live indicator and log-out.
 */
import { Suspense, useEffect, useMemo } from 'react';
import { Button, Layout, Menu, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../lib/session.js';
import { useRoleLabel } from '../lib/use-roles.js';
import { chooseLanguage, currentLanguage, LANGUAGES, type Language } from '../lib/i18n.js';
import { LiveIndicator } from '../components/LiveIndicator.js';
import { closeLiveEvents, openLiveEvents } from '../lib/use-live-events.js';
import { api, unwrap } from '../api/client.js';
import { MENU_GROUPS, SCREENS } from './screens.js';

/** The menu entry to highlight: the screen itself, or the list a record's page was opened from. */
function menuKeyOf(pathname: string): string {
  const parent = SCREENS.find((s) => s.menu !== false && s.path !== '/' && pathname.startsWith(`${s.path}/`));
  return parent ? parent.path : pathname;
}

export function Shell() {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const { me, can, logout, tenantId, setTenantId } = useSession();
  const location = useLocation();
  const isPlatform = me?.role === 'platform_admin';

  useEffect(() => {
    if (me && can('events:read')) openLiveEvents();
    return () => closeLiveEvents();
  }, [me, can]);

  const tenants = useQuery({
    queryKey: ['tenants', 'switcher'],
    queryFn: async () => unwrap(await api.GET('/api/v1/tenants', { params: { query: { limit: 500, offset: 0 } } })),
    enabled: isPlatform,
  });
  const tenantName = isPlatform ? (tenants.data?.items.find((x) => x.id === (tenantId ?? me?.tenantId))?.name ?? '') : '';

  const items = useMemo(
    () =>
      MENU_GROUPS.map((group) => ({
        key: group,
        type: 'group' as const,
        label: t(`menu.${group}`),
        children: SCREENS.filter((s) => s.group === group && s.menu !== false && (s.permission === null || can(s.permission))).map((s) => ({
          key: s.path,
          label: <Link to={s.path}>{t(s.title)}</Link>,
        })),
      })).filter((g) => g.children.length > 0),
    [t, can],
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="light" breakpoint="lg" style={{ borderRight: '1px solid #e5e5e5' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>{t('app.name')}</div>
        <nav aria-label={t('menu.label')}>
          <Menu mode="inline" selectedKeys={[menuKeyOf(location.pathname)]} items={items} style={{ borderInlineEnd: 0 }} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 20px', borderBottom: '1px solid #e5e5e5', height: 56, lineHeight: '56px' }}>
          <Space size="middle" style={{ width: '100%', justifyContent: 'flex-end' }} wrap>
            <LiveIndicator />
            {isPlatform ? (
              <Select
                aria-label={t('header.tenant')}
                style={{ minWidth: 180 }}
                loading={tenants.isPending}
                value={tenantId ?? me?.tenantId}
                onChange={(id: string) => setTenantId(id === me?.tenantId ? undefined : id)}
                options={(tenants.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.code})` }))}
              />
            ) : null}
            <span data-testid="whoami">
              <Typography.Text strong>{me?.operator?.displayName ?? me?.name}</Typography.Text>{' '}
              <Tag>{roleLabel(me?.role ?? 'agent')}</Tag>
              {tenantName ? <Typography.Text type="secondary">{tenantName}</Typography.Text> : null}
            </span>
            <Select
              aria-label={t('header.language')}
              value={currentLanguage()}
              style={{ width: 110 }}
              onChange={(lang: Language) => void chooseLanguage(lang, me?.name)}
              options={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            />
            <Button onClick={() => void logout()}>{t('header.logout')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 20 }}>
          <main>
            <Suspense fallback={<Skeleton active />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
