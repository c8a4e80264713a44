import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.js';

/**
 * Put the server's validation messages on the form's fields ("body.name" → field "name"); what
 * names no field is returned for a message above the form.
 */
export function applyServerErrors(form: FormInstance, error: unknown): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const details = error.body?.error.details ?? [];
  // A message goes to the deepest field the form has on its path (rules.0.timeOfDay.0.from, or
  // rules.0.callingNumber.exact for a message about one number of that list).
  const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const onFields = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const left: string[] = [];
  for (const d of details) {
    const path = d.path.replace(/^body\.?/, '').split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    let placed = false;
    for (let n = path.length; n > 0 && !placed; n--) {
      const key = JSON.stringify(path.slice(0, n));
      if (!registered.has(key)) continue;
      const field = onFields.get(key) ?? { name: path.slice(0, n), errors: [] };
      field.errors.push(d.message);
      onFields.set(key, field);
      placed = true;
    }
    if (!placed) left.push(`${d.path}: ${d.message}`);
  }
  form.setFields([...onFields.values()]);
  if (onFields.size > 0 && left.length === 0) return null;
  return [error.message, ...left].join('; ');
}
