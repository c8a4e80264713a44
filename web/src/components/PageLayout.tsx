import type { ReactNode } from 'react';
import { Alert, Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Every screen: a heading, its actions on the right, then the content. */
export function PageLayout({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          {title}
        </Typography.Title>
        {extra ? <Flex gap={8}>{extra}</Flex> : null}
      </Flex>
      {children}
    </section>
  );
}

/** Loading and error states for a query's content (empty states belong to the table or list). */
export function QueryState({ isPending, error, onRetry, children }: { isPending: boolean; error: unknown; onRetry?: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('common.loadFailed')}
        description={error instanceof Error ? error.message : String(error)}
        action={onRetry ? <a onClick={onRetry} href="#retry">{t('common.retry')}</a> : undefined}
      />
    );
  }
  if (isPending) return <Skeleton active aria-busy="true" />;
  return <>{children}</>;
}
