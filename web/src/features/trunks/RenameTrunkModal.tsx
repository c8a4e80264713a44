/** Rename a trunk span; the server's message lands on the field. */
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.js';

export function RenameTrunkModal({ name, onClosed, onSave }: { name: string; onClosed(): void; onSave(name: string): Promise<void> }) {
  const { t } = useTranslation();
  return (
    <FormModal<{ name: string }> title={t('trunks.rename')} initialValues={{ name }} onClosed={onClosed} onSave={(values) => onSave(values.name)}>
      <Form.Item name="name" label={t('trunks.name')} rules={[{ required: true, message: t('common.required') }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}
