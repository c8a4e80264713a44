/**
 * A role's permissions as checkboxes grouped by area. Read-only for a built-in role; a
 * permission no custom role may hold (installation-wide ones) is shown but cannot be ticked.
 */
import { Checkbox, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../api/types.js';
import { groupPermissions, permissionKey } from './permission-groups.js';

export interface PermissionColumn {
  permission: Permission;
  grantable: boolean;
}

export function PermissionMatrix({ columns, value, onChange, readOnly }: { columns: PermissionColumn[]; value?: Permission[]; onChange?(v: Permission[]): void; readOnly?: boolean }) {
  const { t, i18n } = useTranslation();
  const grantable = new Set(columns.filter((c) => c.grantable).map((c) => c.permission));
  const label = (p: Permission) => (i18n.exists(permissionKey(p)) ? t(permissionKey(p)) : p);
  return (
    <Checkbox.Group value={value ?? []} onChange={(v) => onChange?.(v as Permission[])} style={{ display: 'block', width: '100%' }}>
      {groupPermissions(columns.map((c) => c.permission)).map(({ group, permissions }) => (
        <fieldset key={group} style={{ border: 'none', margin: '0 0 12px', padding: 0 }}>
          <Typography.Text strong>
            <legend style={{ fontSize: 14, marginBottom: 4 }}>{t(`roleMatrix.groups.${group}`)}</legend>
          </Typography.Text>
          <Row gutter={[8, 4]}>
            {permissions.map((p) => (
              <Col key={p} xs={24} sm={12}>
                <Checkbox value={p} disabled={readOnly || !grantable.has(p)} data-permission={p}>
                  {label(p)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p}</Typography.Text>
                </Checkbox>
              </Col>
            ))}
          </Row>
        </fieldset>
      ))}
    </Checkbox.Group>
  );
}
