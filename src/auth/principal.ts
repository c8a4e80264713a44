import type { Role } from './permissions.js';

/** Who is making a request: an operator with a session, or a machine with an API token. */
export interface Principal {
  kind: 'operator' | 'token';
  /** Operator id or token id. */
  id: string;
  /** Username, or the token's name. */
  name: string;
  tenantId: string;
  role: Role;
  /** The ACD agent this operator works as (agents only). */
  agentId: string | null;
  /** Cookie sessions only: hash of the session id (for logout). */
  sessionIdHash?: string;
  /** Cookie sessions only: the token unsafe requests must echo in x-csrf-token. */
  csrfToken?: string;
  /** An administrator set the password: only changing it (and log-out) is allowed. */
  mustChangePassword?: boolean;
}
