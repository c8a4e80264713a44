/**
 * The request layouts when PIN blocks are on: each PIN or password field becomes its
 * `<field>Block`, a fixed-width hex field (16 characters for format 0, 32 for format 4), in the
 * same place of the message.
 */
import type { OperationName } from '../core-banking.js';
import { pinBlockHexLength, type PinBlockFormat } from '../pin-block/iso9564.js';
import { blockFieldName, secretFields } from '../pin-block/secret-fields.js';
import type { FieldLayout, MessageLayout } from './layout.js';

export function requestLayoutWithPinBlocks(operation: OperationName, layout: MessageLayout, format: PinBlockFormat): FieldLayout[] {
  const secrets = new Set((secretFields[operation] ?? []).map((s) => s.field));
  if (secrets.size === 0) return layout.request;
  const replaced = layout.request.map((field): FieldLayout =>
    secrets.has(field.name) ? { name: blockFieldName(field.name), type: 'AN', width: pinBlockHexLength[format] } : field,
  );
  const missing = [...secrets].filter((name) => !layout.request.some((field) => field.name === name));
  if (missing.length > 0) throw new Error(`${operation}: the request layout has no field ${missing.join(', ')}`);
  return replaced;
}
