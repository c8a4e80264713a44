/** A list row's edit and delete links: delete asks first, and a refusal shows the server's message. */
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';

export function EditDeleteActions({ onEdit, onDelete }: { onEdit: () => void; onDelete: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirmDelete = async () => {
    try {
      await onDelete();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <Button type="link" onClick={onEdit}>
        {t('common.edit')}
      </Button>
      <Popconfirm title={t('common.deleteConfirm')} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={confirmDelete}>
        <Button type="link" danger>
          {t('common.delete')}
        </Button>
      </Popconfirm>
    </>
  );
}
