/** Retry rules per call outcome: how many retries, and the minutes to wait before each. */
import { Form, InputNumber, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { RETRY_OUTCOMES, type RetryOutcome } from './campaign-model.js';

export function RetryRulesField({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<{ outcome: RetryOutcome }>
      size="small"
      rowKey="outcome"
      pagination={false}
      dataSource={RETRY_OUTCOMES.map((outcome) => ({ outcome }))}
      columns={[
        { title: t('outbound.retries.outcome'), dataIndex: 'outcome', render: (o: RetryOutcome) => t(`outbound.outcomes.${o}`) },
        {
          title: t('outbound.retries.retries'),
          key: 'retries',
          render: (_, { outcome }) => (
            <Form.Item name={['retryRules', outcome, 'retries']} rules={[{ required: true, message: t('common.required') }]} style={{ margin: 0 }}>
              <InputNumber min={0} max={20} precision={0} disabled={disabled} aria-label={`${t(`outbound.outcomes.${outcome}`)} ${t('outbound.retries.retries')}`} />
            </Form.Item>
          ),
        },
        {
          title: t('outbound.retries.interval'),
          key: 'interval',
          render: (_, { outcome }) => (
            <Form.Item name={['retryRules', outcome, 'intervalMinutes']} rules={[{ required: true, message: t('common.required') }]} style={{ margin: 0 }}>
              <InputNumber min={1} max={7 * 24 * 60} precision={0} disabled={disabled} aria-label={`${t(`outbound.outcomes.${outcome}`)} ${t('outbound.retries.interval')}`} />
            </Form.Item>
          ),
        },
      ]}
    />
  );
}
