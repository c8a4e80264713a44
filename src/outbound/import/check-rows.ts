/**
 * Sorts the rows of an uploaded list into the numbers to store and the rows refused, each with
 * its reason: no number, a bad number, a number twice in the file or already in the campaign,
 * a number on the tenant's do-not-call list, a value too long. Every other column becomes a
 * variable of the row for the prompts ("name", "amount", "due date"...), keyed by its header.
 *
 * Card numbers never stay in clear: a value that looks like one is stored masked (a prompt
 * reads "the card ending 1234"), and refused rows echo what was sent masked the same way.
 */
import { maskCardNumbersInText } from '../../log/mask.js';
import { OutboundError } from '../outbound-errors.js';
import { normalisePhone } from '../phone-number.js';
import type { NewCampaignNumber } from '../store/campaign-numbers-repo.js';
import type { Sheet } from './sheet.js';

export const REFUSAL_REASONS = ['missing_number', 'bad_number', 'duplicate_in_file', 'duplicate_in_campaign', 'do_not_call', 'value_too_long'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface RefusedRow {
  rowNumber: number;
  /** What the phone cell held (card-like digits masked). */
  phone: string;
  reason: RefusalReason;
  message: string;
}

export interface CheckedList {
  phoneColumn: string;
  variableNames: string[];
  accepted: NewCampaignNumber[];
  refused: RefusedRow[];
}

/** Header titles taken for the phone column when the request does not name one. */
const PHONE_HEADERS = ['phone', 'phone number', 'number', 'mobile', 'tel', 'telephone', '电话', '号码', '电话号码', '手机', '手机号', '手机号码', '联系电话'];
const MAX_VALUE_LENGTH = 500;
const MAX_COLUMNS = 50;

function findPhoneColumn(header: string[], named: string | undefined): number {
  const titles = header.map((h) => h.trim().toLowerCase());
  if (named !== undefined) {
    const index = titles.indexOf(named.trim().toLowerCase());
    if (index < 0) throw new OutboundError('outbound_import_unreadable', `no column titled "${named}" in the header (${header.join(', ')})`);
    return index;
  }
  const index = titles.findIndex((t) => PHONE_HEADERS.includes(t));
  if (index < 0) throw new OutboundError('outbound_import_unreadable', `no phone column: title one ${PHONE_HEADERS.slice(0, 3).map((h) => `"${h}"`).join(', ')} or "电话", or name it with phoneColumn`);
  return index;
}

export interface CheckLookups {
  /** Numbers of the list the campaign holds already. */
  inCampaign(phones: string[]): Promise<Set<string>>;
  /** Numbers of the list on the tenant's do-not-call list. */
  onDoNotCall(phones: string[]): Promise<Set<string>>;
}

export async function checkRows(sheet: Sheet, lookups: CheckLookups, options: { phoneColumn?: string } = {}): Promise<CheckedList> {
  const phoneIndex = findPhoneColumn(sheet.header, options.phoneColumn);
  if (sheet.header.length > MAX_COLUMNS) throw new OutboundError('outbound_import_unreadable', `more than ${MAX_COLUMNS} columns`);
  const variableColumns = sheet.header.map((title, index) => ({ title: title.trim(), index })).filter((c) => c.index !== phoneIndex && c.title !== '');
  const seenTitles = new Set<string>();
  for (const c of variableColumns) {
    if (seenTitles.has(c.title)) throw new OutboundError('outbound_import_unreadable', `two columns are titled "${c.title}": variables need distinct names`);
    seenTitles.add(c.title);
  }

  const refused: RefusedRow[] = [];
  const candidates: NewCampaignNumber[] = [];
  const firstRowOf = new Map<string, number>();
  const refuse = (rowNumber: number, raw: string, reason: RefusalReason, message: string) => refused.push({ rowNumber, phone: maskCardNumbersInText(raw.slice(0, 40)), reason, message });

  for (const row of sheet.rows) {
    const raw = (row.cells[phoneIndex] ?? '').trim();
    if (row.cells.every((c) => c.trim() === '')) continue;
    if (raw === '') {
      refuse(row.rowNumber, raw, 'missing_number', 'the phone cell is empty');
      continue;
    }
    const phone = normalisePhone(raw);
    if (phone === null || maskCardNumbersInText(phone) !== phone) {
      refuse(row.rowNumber, raw, 'bad_number', 'not a phone number: 3 to 20 digits, an optional leading "+", spaces and dashes allowed');
      continue;
    }
    const first = firstRowOf.get(phone);
    if (first !== undefined) {
      refuse(row.rowNumber, raw, 'duplicate_in_file', `the same number as row ${first}`);
      continue;
    }
    firstRowOf.set(phone, row.rowNumber);
    const long = variableColumns.find((c) => (row.cells[c.index] ?? '').length > MAX_VALUE_LENGTH);
    if (long) {
      refuse(row.rowNumber, raw, 'value_too_long', `"${long.title}" is longer than ${MAX_VALUE_LENGTH} characters`);
      continue;
    }
    const variables: Record<string, string> = {};
    for (const c of variableColumns) variables[c.title] = maskCardNumbersInText((row.cells[c.index] ?? '').trim());
    candidates.push({ phone, variables, sourceRow: row.rowNumber });
  }

  const phones = candidates.map((c) => c.phone);
  // One after the other: inside an import transaction they share one connection.
  const inCampaign = await lookups.inCampaign(phones);
  const onDoNotCall = await lookups.onDoNotCall(phones);
  const accepted: NewCampaignNumber[] = [];
  for (const c of candidates) {
    if (onDoNotCall.has(c.phone)) refuse(c.sourceRow, c.phone, 'do_not_call', 'the number is on the do-not-call list');
    else if (inCampaign.has(c.phone)) refuse(c.sourceRow, c.phone, 'duplicate_in_campaign', 'the campaign has this number already');
    else accepted.push(c);
  }
  refused.sort((a, b) => a.rowNumber - b.rowNumber);
  return { phoneColumn: sheet.header[phoneIndex]!, variableNames: variableColumns.map((c) => c.title), accepted, refused };
}
