/**
 * Every create/edit dialog: its own form, opened with the values it is given (mount it per
 * object, keyed, and unmount it in `onClosed`, so the focus goes back to what opened it); the
 * first field takes the focus once the dialog is open; Enter in a field saves, Esc closes; the
 * server's messages land on the fields (what names no field shows above them); "saved" (or the
 * page's own message) when the server accepts.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { applyServerErrors } from '../lib/server-errors.js';

/** The controls a person types into or picks from, skipping disabled ones (an ID that cannot change). */
const FIELD_SELECTOR = 'input:not([disabled]):not([type=hidden]):not([type=file]), textarea:not([disabled])';

export function FormModal<Values extends object>({
  title,
  width,
  initialValues,
  okText,
  readOnly = false,
  notice,
  fieldOfCode,
  onClosed,
  onSave,
  children,
}: {
  title: string;
  width?: number;
  initialValues: Partial<Values>;
  /** The save button's text (default "Save"). */
  okText?: string;
  /** Looking, not editing: the fields are disabled and only "Close" is offered. */
  readOnly?: boolean;
  /** Shown above the fields. */
  notice?: ReactNode;
  /** Refusals whose code names the field they belong on, though the server's message names none. */
  fieldOfCode?: Record<string, string>;
  /** After the dialog has closed (saved or not): unmount it there. */
  onClosed(): void;
  /** Writes through the API; throws the API's refusal. Returns the message to show instead of "saved". */
  onSave(values: Values): Promise<string | void>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [open, setOpen] = useState(true);
  const body = useRef<HTMLDivElement>(null);

  const submit = async () => {
    if (readOnly || saving) return;
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setProblem(null);
    setSaving(true);
    try {
      const saved = await onSave(values);
      void message.success(saved ?? t('common.saved'));
      setOpen(false);
    } catch (err) {
      const field = err instanceof ApiError && err.code ? fieldOfCode?.[err.code] : undefined;
      if (field) form.setFields([{ name: field as never, errors: [err instanceof Error ? err.message : String(err)] }]);
      else setProblem(applyServerErrors(form, err));
    } finally {
      setSaving(false);
    }
  };

  // Typing starts in the first field: focused as the dialog appears (the dialog keeps a focus
  // already inside it), and again when the opening animation ends unless the person has since
  // moved into another field.
  const focusFirstField = (opened: boolean) => {
    if (!opened || readOnly || body.current?.contains(document.activeElement)) return;
    body.current?.querySelector<HTMLElement>(FIELD_SELECTOR)?.focus();
  };
  useEffect(() => focusFirstField(true), []); // once, as the dialog appears

  return (
    <Modal
      open={open}
      title={title}
      width={width}
      okText={okText ?? t('common.save')}
      cancelText={t(readOnly ? 'common.close' : 'common.cancel')}
      okButtonProps={readOnly ? { style: { display: 'none' } } : {}}
      confirmLoading={saving}
      destroyOnHidden
      onCancel={() => setOpen(false)}
      afterClose={onClosed}
      afterOpenChange={focusFirstField}
      onOk={() => void submit()}
    >
      <div ref={body}>
        {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} /> : null}
        {notice}
        <Form form={form} layout="vertical" disabled={readOnly} preserve={false} initialValues={initialValues} onFinish={() => void submit()}>
          {children}
          {/* The dialog's buttons sit outside the form: this one lets Enter in a field submit it. */}
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      </div>
    </Modal>
  );
}
