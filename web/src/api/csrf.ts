import { currentCsrfToken } from './client.js';

/** The CSRF header for requests made outside the typed client (multipart uploads). */
export function csrfHeader(): Record<string, string> {
  const token = currentCsrfToken();
  return token ? { 'x-csrf-token': token } : {};
}
