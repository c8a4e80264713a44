/**
 * The campaign editor: name and calling number, the calling windows, the retry rules per
 * outcome, the daily attempt cap, the line cap and the recording policy. The server validates;
 * its messages land on the fields (a window's end, a retry count), the rest above the form.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/server-errors.js';
import { ApiError } from '../../api/client.js';
import { RECORDING_POLICIES, type Campaign, type DiallingMode, type OnAnswer, type RecordingPolicy, type RetryOutcome } from './campaign-model.js';
import { DiallingFields } from './DiallingFields.js';
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
  mode: DiallingMode;
  ratio: number;
  abandonCapPct: number;
  /** The form's shape of onAnswer: a kind to choose, 'none' for no target yet. */
  onAnswer: { kind: 'none' | 'flow' | 'agent'; flowId?: string; queueId?: string };
}

/** The body the API takes. */
export type CampaignBody = Omit<CampaignValues, 'onAnswer'> & { onAnswer: OnAnswer };

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
  mode: 'progressive',
  ratio: 1,
  abandonCapPct: 3,
  onAnswer: { kind: 'none' },
};

export function valuesOf(c: Campaign): CampaignValues {
  return {
    name: c.name,
    callingNumber: c.callingNumber,
    timeWindows: c.timeWindows,
    retryRules: c.retryRules,
    maxAttemptsPerDay: c.maxAttemptsPerDay,
    maxLines: c.maxLines,
    recordingPolicy: c.recordingPolicy,
    mode: c.mode,
    ratio: c.ratio,
    abandonCapPct: c.abandonCapPct,
    onAnswer: c.onAnswer ?? { kind: 'none' },
  };
}

/** The values as the API takes them: days in week order, and nothing the server does not know. */
export function bodyOf(v: CampaignValues): CampaignBody {
  const a = v.onAnswer;
  const onAnswer: OnAnswer = a.kind === 'flow' ? { kind: 'flow', flowId: (a.flowId ?? '').trim() } : a.kind === 'agent' ? { kind: 'agent', queueId: (a.queueId ?? '').trim() } : null;
  return {
    name: v.name,
    callingNumber: v.callingNumber.trim(),
    timeWindows: v.timeWindows.map((w) => ({ days: [...w.days].sort((a, b) => a - b), from: w.from, to: w.to })),
    retryRules: v.retryRules,
    maxAttemptsPerDay: v.maxAttemptsPerDay,
    maxLines: v.maxLines,
    recordingPolicy: v.recordingPolicy,
    mode: v.mode,
    ratio: v.ratio,
    abandonCapPct: v.abandonCapPct,
    onAnswer,
  };
}

/** Refusals that name no field in their details but belong to one. */
function fieldOf(error: unknown, values: CampaignValues): ['mode'] | ['onAnswer', 'flowId' | 'queueId'] | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'outbound_mode_needs_agent') return ['mode'];
  if (error.code === 'outbound_on_answer_unknown') return ['onAnswer', values.onAnswer.kind === 'flow' ? 'flowId' : 'queueId'];
  return null;
}

export function CampaignForm({ initial, disabled, submitLabel, onSubmit }: { initial: CampaignValues | Omit<CampaignValues, 'name' | 'callingNumber'>; disabled: boolean; submitLabel: string; onSubmit(v: CampaignBody): Promise<void> }) {
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
      const field = fieldOf(err, values);
      if (field) form.setFields([{ name: field, errors: [(err as Error).message] }]);
      else setProblem(applyServerErrors(form, err));
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
      <Card size="small" title={t('outbound.editor.dialling')} style={{ marginBottom: 12 }}>
        <DiallingFields disabled={disabled} />
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
