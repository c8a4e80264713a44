/**
 * Number patterns of route-number nodes: digits match themselves, X any one digit, a trailing
 * * any rest (prefix); without * the length must match. "anonymous" matches a caller who sent
 * no number (withheld).
 */
export function numberMatches(pattern: string, number: string): boolean {
  if (pattern === 'anonymous') return number === '';
  const prefix = pattern.endsWith('*');
  const body = prefix ? pattern.slice(0, -1) : pattern;
  if (prefix ? number.length < body.length : number.length !== body.length) return false;
  for (let i = 0; i < body.length; i++) {
    const p = body[i]!;
    const c = number[i]!;
    if (p === 'X' ? !/[0-9]/.test(c) : p !== c) return false;
  }
  return true;
}
