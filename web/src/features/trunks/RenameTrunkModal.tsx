/** Rename a trunk span; the server's message lands on the field. */
import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/server-errors.js';

export function RenameTrunkModal({ name, open, onCancel, onSubmit }: { name: string; open: boolean; onCancel(): void; onSubmit(name: string): Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  return (
    <Modal
      open={open}
      title={t('trunks.rename')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() =>
        form.validateFields().then(async (values) => {
          try {
            await onSubmit(values.name);
          } catch (err) {
            const rest = applyServerErrors(form, err);
            if (rest) form.setFields([{ name: 'name', errors: [rest] }]);
          }
        })
      }
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ name }}>
        <Form.Item name="name" label={t('trunks.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
