import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client.js';

export interface CallCounts {
  total: number;
  selfService: number;
  toAgent: number;
  abandoned: number;
}

interface Leg {
  callId: string;
  agentId: string | null;
  disposition?: unknown;
  direction: string;
}

/** Count one finished inbound leg into the day's figures. */
export function countLeg(counts: CallCounts, leg: Leg): CallCounts {
  if (leg.direction !== 'inbound') return counts;
  const abandoned = leg.disposition === 'ABANDONED';
  return {
    total: counts.total + 1,
    abandoned: counts.abandoned + (abandoned ? 1 : 0),
    toAgent: counts.toAgent + (leg.agentId ? 1 : 0),
    selfService: counts.selfService + (!leg.agentId && !abandoned ? 1 : 0),
  };
}

const PAGE = 500;
const MAX_PAGES = 40;

/** Today's inbound calls from the call records (so the page is right when opened mid-day). */
export async function fetchTodaysCalls(tenantId: string | undefined): Promise<CallCounts> {
  let counts: CallCounts = { total: 0, selfService: 0, toAgent: 0, abandoned: 0 };
  const from = dayjs().startOf('day').toISOString();
  let offset: number | null = 0;
  for (let i = 0; i < MAX_PAGES && offset !== null; i++) {
    const page: { items: Leg[]; nextOffset: number | null } = unwrap(await api.GET('/api/v1/cdr', { params: { query: { from, limit: PAGE, offset, ...(tenantId ? { tenantId } : {}) } } }));
    for (const leg of page.items) counts = countLeg(counts, leg);
    offset = page.nextOffset;
  }
  return counts;
}
