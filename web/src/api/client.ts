/**
 * The one typed API client: openapi-fetch over the generated schema. It sends the session's CSRF
 * token on every write and reports a lost session (401 outside log-in) to whoever listens.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function currentCsrfToken(): string | null {
  return csrfToken;
}

export function onSessionExpired(handler: (() => void) | null): void {
  onSessionLost = handler;
}

const session: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    const url = new URL(request.url);
    if (response.status === 401 && !url.pathname.endsWith('/auth/login') && !url.pathname.endsWith('/auth/me')) onSessionLost?.();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });
api.use(session);

export interface ApiErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

/** An error the server answered, kept whole so forms can put its details on their fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
    /** Seconds, from the Retry-After header (a locked account). */
    readonly retryAfter?: string | null,
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
  }
  get code(): string | undefined {
    return this.body?.error.code;
  }
}

/** Unwrap an openapi-fetch result: the data, or an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) throw new ApiError(result.response.status, result.error as ApiErrorBody | undefined, result.response.headers.get('retry-after'));
  return result.data as T;
}
