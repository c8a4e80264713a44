import { Table } from 'antd';
import { useTranslation } from 'react-i18next';

function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = JSON.stringify(value);
  }
  return out;
}

/** Before and after, one row per field that differs. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const a = flatten(before);
  const b = flatten(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().filter((k) => a[k] !== b[k]);
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="field"
      locale={{ emptyText: t('audit.noChange') }}
      dataSource={keys.map((field) => ({ field, before: a[field] ?? '', after: b[field] ?? '' }))}
      columns={[
        { title: t('audit.field'), dataIndex: 'field' },
        { title: t('audit.before'), dataIndex: 'before', render: (v: string) => <del style={{ color: '#a8071a' }}>{v}</del> },
        { title: t('audit.after'), dataIndex: 'after', render: (v: string) => <ins style={{ color: '#135200', textDecoration: 'none' }}>{v}</ins> },
      ]}
    />
  );
}
