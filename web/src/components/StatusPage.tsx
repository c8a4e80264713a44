import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** 403, 404 and 500 pages: what happened, and the way home. */
export function StatusPage({ status, detail }: { status: 403 | 404 | 500; detail?: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status={String(status) as '403' | '404' | '500'}
      title={t(`status.${status}.title`)}
      subTitle={detail ?? t(`status.${status}.text`)}
      extra={
        <Link to="/">
          <Button type="primary">{t('status.home')}</Button>
        </Link>
      }
    />
  );
}
