/**
 * Random secrets handed to clients (session ids, API tokens) and what the server keeps of them:
 * only a SHA-256 hash, so a copy of the database cannot be replayed as a login.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'tlk_';

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The CSRF token of a session: derived from the session id (which only the HttpOnly cookie
 * carries), so the server can give it again after a page reload without storing it.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHash('sha256').update(`tellerline-csrf\0${sessionId}`).digest('base64url');
}

export function newApiToken(): string {
  return API_TOKEN_PREFIX + newSecret(32);
}
