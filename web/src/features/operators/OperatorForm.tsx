import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/types.js';
import { useRoleOptions } from '../../lib/use-roles.js';
import { applyServerErrors } from '../../lib/server-errors.js';

export interface OperatorValues {
  username: string;
  displayName: string;
  role: Role;
  password?: string;
  agentId?: string;
}

/** Create (with a first password) or edit an operator; the server's messages land on the fields. */
export function OperatorForm({ open, initial, onCancel, onSubmit }: { open: boolean; initial: OperatorValues | null; onCancel(): void; onSubmit(v: OperatorValues): Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OperatorValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const editing = initial !== null;
  const roles = useRoleOptions();
  return (
    <Modal
      open={open}
      title={t(editing ? 'operators.edit' : 'operators.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() =>
        form.validateFields().then(async (values) => {
          setProblem(null);
          try {
            await onSubmit(values);
          } catch (err) {
            setProblem(applyServerErrors(form, err));
          }
        })
      }
    >
      {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={initial ?? { role: 'agent' }} preserve={false}>
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
      </Form>
    </Modal>
  );
}
