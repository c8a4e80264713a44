/**
 * The create/edit dialog of a configuration object: its own form, so it opens with the values
 * it is given each time (mount it per object, keyed), the server's messages on the fields (what
 * names no field above them), "saved" when the server accepts.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../lib/server-errors.js';

export function ConfigEditModal<Values extends object>({
  title,
  width,
  initialValues,
  onCancel,
  onSave,
  children,
}: {
  title: string;
  width?: number;
  initialValues: Partial<Values>;
  onCancel(): void;
  /** Writes through the API; throws the API's refusal. */
  onSave(values: Values): Promise<void>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setProblem(null);
    setSaving(true);
    try {
      await onSave(values);
      void message.success(t('common.saved'));
    } catch (err) {
      setProblem(applyServerErrors(form, err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={title} width={width} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={saving} destroyOnHidden onCancel={onCancel} onOk={() => void submit()}>
      {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}
