/**
 * Masking helpers for values that must never appear in clear: card numbers, PINs, passwords.
 */

/** '6222021234561234' -> '6222 **** **** 1234'. Keeps the first and last four digits. */
export function maskCardNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 9) return maskDigits(digits);
  const first = digits.slice(0, 4);
  const last = digits.slice(-4);
  const hiddenGroups = Math.ceil((digits.length - 8) / 4);
  return [first, ...Array.from({ length: hiddenGroups }, () => '****'), last].join(' ');
}

/** Every character replaced by '*': for PIN entry, DTMF during secure input. */
export function maskDigits(value: string): string {
  return '*'.repeat(value.length);
}

/** Luhn checksum, as every bank card number satisfies. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// 15 to 19 digits, optionally grouped by single spaces or dashes, not inside a longer digit run
// (nor a longer run of dash-separated groups, such as a UUID: those are matched whole and kept).
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const CARD_CANDIDATE = /(?<!\d|\d[ -])\d(?:[ -]?\d){14,18}(?!\d|[ -]\d)/g;

/**
 * Masks anything in free text that looks like a card number: 16–19 digits (longer than any
 * E.164 telephone number), or 15 digits that pass the Luhn check (13-digit +86 mobile numbers
 * stay readable). A false positive only
 * costs readability.
 */
export function maskCardNumbersInText(text: string): string {
  if (!/\d{4}/.test(text)) return text;
  // Identifiers (UUIDs) are not card numbers: mask only the text between them.
  let out = '';
  let last = 0;
  for (const m of text.matchAll(UUID)) {
    out += maskRun(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + maskRun(text.slice(last));
}

function maskRun(text: string): string {
  return text.replace(CARD_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, '');
    const looksLikeCard = digits.length >= 16 || (digits.length === 15 && passesLuhn(digits));
    return looksLikeCard ? maskCardNumber(digits) : match;
  });
}
