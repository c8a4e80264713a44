/**
 * Phone numbers as campaigns keep them: text, so that a leading 0 (a trunk prefix, an area code)
 * or a leading "+" survives. What people type around the digits (spaces, dashes, dots,
 * parentheses) is removed; anything else makes the number bad. 3 to 20 digits covers short
 * service numbers up to international numbers with a prefix.
 */
const SEPARATORS = /[\s\-.()\u00a0\u3000]/g;
const PHONE = /^\+?\d{3,20}$/;

/** The number as stored and compared, or null when it is not a phone number. */
export function normalisePhone(raw: string): string | null {
  const compact = raw.normalize('NFKC').replace(SEPARATORS, '');
  return PHONE.test(compact) ? compact : null;
}
