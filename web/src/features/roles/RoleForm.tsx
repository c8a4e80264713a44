/**
 * Create or edit a custom role (key, name, description, the permission matrix, the scopes of its
 * live view and recordings), or look at a built-in one read-only. The server's messages land on
 * the fields.
 */
import { Alert, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../api/types.js';
import { FormModal } from '../../components/FormModal.js';
import { PermissionMatrix, type PermissionColumn } from './PermissionMatrix.js';

export interface RoleValues {
  key: string;
  name: string;
  description: string;
  permissions: Permission[];
  eventScope: 'tenant' | 'own_agent';
  recordingScope: 'tenant' | 'own_teams';
}

export function RoleForm({ initial, mode, columns, onClosed, onSave }: { initial: RoleValues | null; mode: 'create' | 'edit' | 'view'; columns: PermissionColumn[]; onClosed(): void; onSave(v: RoleValues): Promise<void> }) {
  const { t } = useTranslation();
  const readOnly = mode === 'view';
  return (
    <FormModal<RoleValues>
      width={760}
      title={t(mode === 'create' ? 'roleMatrix.create' : mode === 'edit' ? 'roleMatrix.edit' : 'roleMatrix.view')}
      readOnly={readOnly}
      notice={readOnly ? <Alert type="info" showIcon title={t('roleMatrix.builtInReadOnly')} style={{ marginBottom: 12 }} /> : null}
      initialValues={initial ?? { permissions: [], eventScope: 'tenant', recordingScope: 'tenant', description: '' }}
      onClosed={onClosed}
      onSave={onSave}
    >
      <Form.Item name="key" label={t('roleMatrix.key')} rules={[{ required: true, message: t('common.required') }]} extra={mode === 'create' ? t('roleMatrix.keyHint') : undefined}>
        <Input disabled={mode !== 'create'} autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={t('roleMatrix.name')} rules={[{ required: true, message: t('common.required') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('roleMatrix.description')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="eventScope" label={t('roleMatrix.eventScope')}>
        <Select options={(['tenant', 'own_agent'] as const).map((v) => ({ value: v, label: t(`roleMatrix.eventScopes.${v}`) }))} />
      </Form.Item>
      <Form.Item name="recordingScope" label={t('roleMatrix.recordingScope')}>
        <Select options={(['tenant', 'own_teams'] as const).map((v) => ({ value: v, label: t(`roleMatrix.recordingScopes.${v}`) }))} />
      </Form.Item>
      <Form.Item name="permissions" label={t('roleMatrix.permissions')}>
        <PermissionMatrix columns={columns} readOnly={readOnly} />
      </Form.Item>
    </FormModal>
  );
}
