/**
 * How a campaign dials and what an answered call gets: the dialling mode, the ratio of the
 * ratio modes, the abandon-rate cap of the predictive mode, and the IVR flow or agent queue on
 * answer (suggested from the tenant's flows and queues when the operator may read them).
 */
import { AutoComplete, Col, Form, InputNumber, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import { useSession } from '../../lib/session.js';
import { DIALLING_MODES, RATIO_MODES, type DiallingMode } from './campaign-model.js';

export function DiallingFields({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const mode = Form.useWatch<DiallingMode | undefined>('mode');
  const kind = Form.useWatch<'none' | 'flow' | 'agent' | undefined>(['onAnswer', 'kind']);
  const flows = useQuery({
    queryKey: ['outbound', 'flow-names'],
    queryFn: async () => unwrap(await api.GET('/api/v1/ivr/flows', { params: { query: { limit: 500, offset: 0 } } })).items,
    enabled: can('ivr:read') && kind === 'flow',
  });
  const queues = useQuery({
    queryKey: ['outbound', 'queue-ids'],
    queryFn: async () => unwrap(await api.GET('/api/v1/acd/queues', { params: { query: {} } })).items,
    enabled: can('acd:read') && kind === 'agent',
  });
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="mode" label={t('outbound.fields.mode')} extra={mode ? t(`outbound.modeHints.${mode}`) : undefined}>
            <Select options={DIALLING_MODES.map((m) => ({ value: m, label: t(`outbound.modes.${m}`) }))} />
          </Form.Item>
        </Col>
        {mode && RATIO_MODES.includes(mode) ? (
          <Col xs={12} md={6}>
            <Form.Item name="ratio" label={t(mode === 'agent_multiple' ? 'outbound.fields.multiple' : 'outbound.fields.ratio')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0.1} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ) : null}
        {mode === 'predictive' ? (
          <Col xs={12} md={6}>
            <Form.Item name="abandonCapPct" label={t('outbound.fields.abandonCapPct')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} max={10} step={0.5} style={{ width: '100%' }} suffix="%" />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['onAnswer', 'kind']} label={t('outbound.fields.onAnswer')}>
            <Radio.Group
              disabled={disabled}
              options={(['none', 'flow', 'agent'] as const).map((k) => ({ value: k, label: t(`outbound.onAnswer.${k}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          {kind === 'flow' ? (
            <Form.Item name={['onAnswer', 'flowId']} label={t('outbound.onAnswer.flowId')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <AutoComplete options={(flows.data ?? []).map((f) => ({ value: f.name, label: f.name }))} filterOption={(input, option) => String(option?.value ?? '').toLowerCase().includes(input.toLowerCase())} />
            </Form.Item>
          ) : kind === 'agent' ? (
            <Form.Item name={['onAnswer', 'queueId']} label={t('outbound.onAnswer.queueId')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <AutoComplete options={(queues.data ?? []).map((q) => ({ value: q.id, label: `${q.name} (${q.id})` }))} filterOption={(input, option) => String(option?.label ?? '').toLowerCase().includes(input.toLowerCase())} />
            </Form.Item>
          ) : null}
        </Col>
      </Row>
    </>
  );
}
