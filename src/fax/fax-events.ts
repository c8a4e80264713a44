/**
 * What the fax layer publishes on the live event bus (GET /api/v1/events, type prefix "fax."):
 *
 *   fax.started    a fax began on a call (direction, origin, the call's leg and channel)
 *   fax.progress   T.30 progress: phase B (far end identified, modem chosen), each page, phase E
 *   fax.completed  how it ended: pages, resolution, bit rate, ECM, duration, T.30 code and
 *                  text, remote ident (the same fields as the stored row)
 *   fax.job        an outbound fax job changed status (queued, running, retry due, sent, failed)
 *
 * Supervisors and administrators of the tenant see them; agents do not (events/visibility.ts).
 * No account number ever appears: statements are labelled by the masked account.
 */
import type { EventBus } from '../events/bus.js';
import type { FaxJobStatus } from './store/fax-job-repo.js';
import type { FaxDirection, FaxOrigin, FaxStatus } from './store/fax-repo.js';

interface FaxEventBase {
  tenantId: string;
  /** ISO 8601. */
  at: string;
}

export interface FaxCallEvent extends FaxEventBase {
  type: 'fax.started' | 'fax.progress' | 'fax.completed';
  faxId: string;
  direction: FaxDirection;
  origin: FaxOrigin;
  legId: string | null;
  jobId: string | null;
  span: number | null;
  channel: number | null;
  /** fax.progress: 'b' | 'page' | 'e'. */
  phase?: string;
  pages: number;
  status?: FaxStatus;
  bitRate?: number | null;
  ecm?: boolean | null;
  xRes?: number | null;
  yRes?: number | null;
  durationMs?: number | null;
  t30Code?: number | null;
  t30Text?: string | null;
  remoteIdent?: string | null;
}

export interface FaxJobEvent extends FaxEventBase {
  type: 'fax.job';
  jobId: string;
  status: FaxJobStatus;
  attempts: number;
  maxAttempts: number;
  number: string;
  lastOutcome: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

export type FaxEvent = FaxCallEvent | FaxJobEvent;

declare module '../events/types.js' {
  interface ModuleEvents {
    fax: FaxEvent;
  }
}

/** Publishes a fax event on the live bus. */
export function publishFaxEvent(bus: EventBus, event: FaxEvent): void {
  bus.publish(event);
}
