/**
 * The screen pop for an offered call: the calling number, what the IVR collected, the
 * customer's record from the core banking system (through the data gateway, which masks the
 * name as the bank configured) and recent contact history (this number's earlier calls). The
 * IVR data is masked again here (card numbers) in case a flow put one in clear.
 */
import type { Knex } from 'knex';
import { gatewayContext } from '../../gateway/module.js';
import type { CustomerProfileResult } from '../../gateway/core-banking.js';
import { maskCardNumbersInText } from '../../log/mask.js';
import { queryCdrs } from '../../records/read-api.js';

export interface ProfileSource {
  customerProfile(request: { callerNumber?: string; account?: string }): Promise<CustomerProfileResult>;
}

export interface CustomerView {
  customerId: string;
  kind: 'personal' | 'corporate';
  name: string;
  segment: string;
  vip: boolean;
  city: string;
  recentContacts: Array<{ date: string; channel: string; summary: string }>;
}

export interface ContactHistoryItem {
  at: string;
  direction: string;
  queue: string | null;
  agentId: string | null;
  disposition: string | null;
  durationS: number | null;
}

export interface ScreenPop {
  callingNumber: string;
  ivrData: Record<string, string>;
  customer: CustomerView | null;
  /** Why there is no customer record: 'unknown_caller', 'no_gateway', 'gateway_error'. */
  customerNote: string | null;
  history: ContactHistoryItem[];
}

export interface ScreenPopInput {
  db: Knex;
  tenantId: string;
  legId: string | undefined;
  callingNumber: string;
  ivrData: Readonly<Record<string, string>>;
  profiles: ProfileSource | undefined;
  /** Give up on the gateway after this long (ms, wall clock). */
  timeoutMs: number;
}

export function maskIvrData(data: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) out[key] = maskCardNumbersInText(String(value));
  return out;
}

async function lookUpCustomer(input: ScreenPopInput): Promise<{ customer: CustomerView | null; note: string | null }> {
  if (!input.profiles) return { customer: null, note: 'no_gateway' };
  if (!/^\d{5,20}$/.test(input.callingNumber)) return { customer: null, note: 'unknown_caller' };
  const profiles = input.profiles;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      gatewayContext.run({ tenantId: input.tenantId, ...(input.legId ? { legId: input.legId } : {}) }, () => profiles.customerProfile({ callerNumber: input.callingNumber })),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), input.timeoutMs);
      }),
    ]);
    if (result === 'timeout') return { customer: null, note: 'gateway_timeout' };
    if (!result.ok) return { customer: null, note: 'unknown_caller' };
    return {
      customer: {
        customerId: result.customerId,
        kind: result.kind,
        name: result.name,
        segment: result.segment,
        vip: result.vip,
        city: result.city,
        recentContacts: result.recentContacts.map((c) => ({ date: c.date, channel: c.channel, summary: c.summary })),
      },
      note: null,
    };
  } catch {
    return { customer: null, note: 'gateway_error' };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

async function history(input: ScreenPopInput): Promise<ContactHistoryItem[]> {
  if (input.callingNumber === '') return [];
  const page = await queryCdrs(input.db, input.tenantId, { calling: input.callingNumber }, { limit: 6, offset: 0 });
  return page.items
    .filter((c) => c.legId !== input.legId)
    .slice(0, 5)
    .map((c) => ({
      at: c.offeredAt,
      direction: c.direction,
      queue: c.queue,
      agentId: c.agentId,
      disposition: c.disposition,
      durationS: c.answeredAt && c.releasedAt ? Math.round((Date.parse(c.releasedAt) - Date.parse(c.answeredAt)) / 1000) : null,
    }));
}

export async function buildScreenPop(input: ScreenPopInput): Promise<ScreenPop> {
  const [customer, items] = await Promise.all([lookUpCustomer(input), history(input).catch(() => [])]);
  return {
    callingNumber: input.callingNumber,
    ivrData: maskIvrData(input.ivrData),
    customer: customer.customer,
    customerNote: customer.note,
    history: items,
  };
}
