import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.js';

/**
 * Put the server's validation messages on the form's fields ("body.name" → field "name"); what
 * names no field is returned for a message above the form.
 */
export function applyServerErrors(form: FormInstance, error: unknown): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const details = error.body?.error.details ?? [];
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const onFields: Array<{ name: (string | number)[]; errors: string[] }> = [];
  const left: string[] = [];
  for (const d of details) {
    const path = d.path.replace(/^body\.?/, '').split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const head = path[0];
    if (typeof head === 'string' && known.has(head)) onFields.push({ name: path, errors: [d.message] });
    else left.push(`${d.path}: ${d.message}`);
  }
  form.setFields(onFields);
  if (onFields.length > 0 && left.length === 0) return null;
  return [error.message, ...left].join('; ');
}
