import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/types.js';
import { useRoleOptions } from '../../lib/use-roles.js';
import { FormModal } from '../../components/FormModal.js';

export interface OperatorValues {
  username: string;
  displayName: string;
  role: Role;
  password?: string;
  agentId?: string;
}

/** Create (with a first password) or edit an operator; the server's messages land on the fields. */
export function OperatorForm({ initial, onClosed, onSave }: { initial: OperatorValues | null; onClosed(): void; onSave(v: OperatorValues): Promise<void> }) {
  const { t } = useTranslation();
  const editing = initial !== null;
  const roles = useRoleOptions();
  return (
    <FormModal<OperatorValues> title={t(editing ? 'operators.edit' : 'operators.create')} initialValues={initial ?? { role: 'agent' }} onClosed={onClosed} onSave={onSave}>
      <Form.Item name="username" label={t('operators.username')} rules={[{ required: true, message: t('common.required') }]}>
        <Input disabled={editing} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={t('operators.displayName')} rules={[{ required: true, message: t('common.required') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="role" label={t('operators.role')} rules={[{ required: true, message: t('common.required') }]}>
        <Select loading={roles.loading} options={roles.options} />
      </Form.Item>
      <Form.Item name="agentId" label={t('operators.agentId')}>
        <Input />
      </Form.Item>
      {editing ? null : (
        <Form.Item name="password" label={t('operators.password')} rules={[{ required: true, message: t('common.required') }]} extra={t('operators.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </FormModal>
  );
}
