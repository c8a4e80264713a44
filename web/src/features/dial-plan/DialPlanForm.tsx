/**
 * Add or change a dial-plan entry: the number dialled, the tenant its calls belong to, the
 * caller's language and where the call goes. The version edited goes up with the change so the
 * server refuses to overwrite someone else's edit; its messages land on the fields.
 */
import { Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.js';

export const TARGET_KINDS = ['ivr', 'queue', 'line-test', 'fax-receive', 'reject'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface DialPlanValues {
  number: string;
  tenant: string;
  lang: 'zh' | 'en';
  kind: TargetKind;
  flow?: string;
  queue?: string;
  cause?: number;
}

export function DialPlanForm({ initial, tenants, onClosed, onSave }: { initial: DialPlanValues | null; tenants: Array<{ value: string; label: string }>; onClosed(): void; onSave(v: DialPlanValues): Promise<void> }) {
  const { t } = useTranslation();
  const editing = initial !== null;
  return (
    <FormModal<DialPlanValues> title={t(editing ? 'dialPlan.edit' : 'dialPlan.create')} initialValues={initial ?? { lang: 'zh', kind: 'ivr' }} onClosed={onClosed} onSave={onSave}>
      <Form.Item name="number" label={t('dialPlan.number')} rules={[{ required: true, message: t('common.required') }]} extra={editing ? undefined : t('dialPlan.numberHint')}>
        <Input disabled={editing} autoComplete="off" />
      </Form.Item>
      <Form.Item name="tenant" label={t('dialPlan.tenant')} rules={[{ required: true, message: t('common.required') }]}>
        <Select showSearch options={tenants} />
      </Form.Item>
      <Form.Item name="lang" label={t('dialPlan.lang')}>
        <Select options={(['zh', 'en'] as const).map((l) => ({ value: l, label: t(`voicePrompts.langs.${l}`) }))} />
      </Form.Item>
      <Form.Item name="kind" label={t('dialPlan.kind')} rules={[{ required: true, message: t('common.required') }]}>
        <Select options={TARGET_KINDS.map((k) => ({ value: k, label: t(`dialPlan.kinds.${k}`) }))} />
      </Form.Item>
      <TargetFields />
    </FormModal>
  );
}

/** The fields of the chosen target kind (inside the dialog's form). */
function TargetFields() {
  const { t } = useTranslation();
  const kind = Form.useWatch<TargetKind | undefined>('kind');
  return (
    <>
      {kind === 'ivr' ? (
        <Form.Item name="flow" label={t('dialPlan.flow')} rules={[{ required: true, message: t('common.required') }]}>
          <Input />
        </Form.Item>
      ) : null}
      {kind === 'queue' ? (
        <Form.Item name="queue" label={t('dialPlan.queue')} rules={[{ required: true, message: t('common.required') }]}>
          <Input />
        </Form.Item>
      ) : null}
      {kind === 'reject' ? (
        <Form.Item name="cause" label={t('dialPlan.cause')} extra={t('dialPlan.causeHint')}>
          <InputNumber min={1} max={127} style={{ width: '100%' }} />
        </Form.Item>
      ) : null}
    </>
  );
}
