/**
 * Which outside numbers a tenant's people may reach (toll fraud): agents' calls, transfers,
 * consultations and conferences to a number, and faxes sent from the back office.
 * `security.outsideNumbers` maps a tenant code (or '*' for every other tenant) to number
 * patterns: digits match themselves, X any one digit, a trailing * any rest.
 */
import type { Config } from '../config/schema.js';
import { numberMatches } from './number-match.js';
import { TelephonyError } from './telephony-errors.js';

export function outsideNumberAllowed(config: Config, tenantCode: string | undefined, number: string): boolean {
  const rules = config.security.outsideNumbers;
  const patterns = (tenantCode !== undefined ? rules[tenantCode] : undefined) ?? rules['*'] ?? [];
  const digits = number.replace(/^\+/, '');
  return patterns.some((p) => numberMatches(p.replace(/^\+/, ''), digits));
}

/** Refuses a number outside the tenant's allowed ones (`number_not_allowed`). */
export function numberNotAllowed(message: string): TelephonyError {
  return new TelephonyError('number_not_allowed', message);
}
