/**
 * The create/edit dialog of a configuration object: its own form, so it opens with the values
 * it is given each time (mount it per object, keyed), the server's messages on the fields (what
 * names no field above them), "saved" when the server accepts; Enter in a field saves, Esc closes.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../lib/server-errors.js';

export function ConfigEditModal<Values extends object>({
  title,
  width,
  initialValues,
  onClosed,
  onSave,
  children,
}: {
  title: string;
  width?: number;
  initialValues: Partial<Values>;
  /** After the dialog has closed (saved or not): unmount it there, so the focus goes back to what opened it. */
  onClosed(): void;
  /** Writes through the API; throws the API's refusal. */
  onSave(values: Values): Promise<void>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [open, setOpen] = useState(true);

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
      setOpen(false);
    } catch (err) {
      setProblem(applyServerErrors(form, err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={title} width={width} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={saving} destroyOnHidden onCancel={() => setOpen(false)} afterClose={onClosed} onOk={() => void submit()}>
      {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues} onFinish={() => void submit()}>
        {children}
        {/* The dialog's buttons sit outside the form: this one lets Enter in a field submit it. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Modal>
  );
}
