/**
 * The campaign editor: name and calling number, the calling windows, the retry rules per
 * outcome, the daily attempt cap, the line cap and the recording policy. The server validates;
 * its messages land on the fields (a window's end, a retry count), the rest above the form.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/server-errors.js';
import { RECORDING_POLICIES, type Campaign, type RecordingPolicy, type RetryOutcome } from './campaign-model.js';
import { RetryRulesField } from './RetryRulesField.js';
import { TimeWindowsField } from './TimeWindowsField.js';

export interface CampaignValues {
  name: string;
  callingNumber: string;
  timeWindows: Array<{ days: number[]; from: string; to: string }>;
  retryRules: Record<RetryOutcome, { retries: number; intervalMinutes: number }>;
  maxAttemptsPerDay: number;
  maxLines: number;
  recordingPolicy: RecordingPolicy;
}

/** What a new campaign starts from: the server's own defaults, shown so they can be changed. */
export const NEW_CAMPAIGN: Omit<CampaignValues, 'name' | 'callingNumber'> = {
  timeWindows: [
    { days: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
    { days: [1, 2, 3, 4, 5], from: '14:00', to: '18:00' },
  ],
  retryRules: {
    busy: { retries: 3, intervalMinutes: 10 },
    no_answer: { retries: 2, intervalMinutes: 60 },
    machine: { retries: 1, intervalMinutes: 120 },
    fax: { retries: 0, intervalMinutes: 60 },
    congestion: { retries: 3, intervalMinutes: 5 },
    failed: { retries: 1, intervalMinutes: 30 },
  },
  maxAttemptsPerDay: 3,
  maxLines: 10,
  recordingPolicy: 'answered',
};

export function valuesOf(c: Campaign): CampaignValues {
  return { name: c.name, callingNumber: c.callingNumber, timeWindows: c.timeWindows, retryRules: c.retryRules, maxAttemptsPerDay: c.maxAttemptsPerDay, maxLines: c.maxLines, recordingPolicy: c.recordingPolicy };
}

/** The values as the API takes them: days in week order, and nothing the server does not know. */
export function bodyOf(v: CampaignValues): CampaignValues {
  return {
    name: v.name,
    callingNumber: v.callingNumber.trim(),
    timeWindows: v.timeWindows.map((w) => ({ days: [...w.days].sort((a, b) => a - b), from: w.from, to: w.to })),
    retryRules: v.retryRules,
    maxAttemptsPerDay: v.maxAttemptsPerDay,
    maxLines: v.maxLines,
    recordingPolicy: v.recordingPolicy,
  };
}

export function CampaignForm({ initial, disabled, submitLabel, onSubmit }: { initial: CampaignValues | Omit<CampaignValues, 'name' | 'callingNumber'>; disabled: boolean; submitLabel: string; onSubmit(v: CampaignValues): Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CampaignValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: CampaignValues) => {
    setProblem(null);
    setBusy(true);
    try {
      await onSubmit(bodyOf(values));
    } catch (err) {
      setProblem(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} disabled={disabled} aria-label={t('outbound.editor.formLabel')}>
      {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="form-error" /> : null}
      <Card size="small" title={t('outbound.editor.basics')} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('outbound.fields.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="callingNumber" label={t('outbound.fields.callingNumber')} rules={[{ required: true, whitespace: true, message: t('common.required') }]} extra={t('outbound.fields.callingNumberHint')}>
              <Input maxLength={32} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="maxAttemptsPerDay" label={t('outbound.fields.maxAttemptsPerDay')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={1} max={20} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="maxLines" label={t('outbound.fields.maxLines')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={1} max={480} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="recordingPolicy" label={t('outbound.fields.recordingPolicy')}>
              <Select options={RECORDING_POLICIES.map((p) => ({ value: p, label: t(`outbound.recording.${p}`) }))} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('outbound.editor.windows')} style={{ marginBottom: 12 }}>
        <TimeWindowsField disabled={disabled} />
      </Card>
      <Card size="small" title={t('outbound.editor.retries')} style={{ marginBottom: 12 }}>
        <RetryRulesField disabled={disabled} />
      </Card>
      {disabled ? null : (
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitLabel}
        </Button>
      )}
    </Form>
  );
}
