// A speech token is one prompt piece to play: its id (one WAV file per
// language) and its text in the language it was read in. Reading functions
// return token lists; the telephony layer turns ids into files
// (src/voice/prompts/resolve.ts); logs and the simulator show the text.
//
// Tokens of sensitive readings (card and account numbers read back to the
// caller) are marked, and the text helpers mask them unless asked not to:
// card numbers must never reach a log in clear, and a token's id ('num.7')
// gives the digit away as surely as its text.

import { promptText, type PromptId } from '../prompts/catalog.js';
import type { Lang } from '../prompts/entry.js';

export interface SpeechToken {
  readonly id: PromptId;
  readonly text: string;
  readonly sensitive?: true;
}

export function token(id: PromptId, lang: Lang): SpeechToken {
  return { id, text: promptText(id, lang) };
}

export function tokens(ids: readonly PromptId[], lang: Lang): SpeechToken[] {
  return ids.map((id) => token(id, lang));
}

export function markSensitive(list: readonly SpeechToken[]): SpeechToken[] {
  return list.map((t) => ({ ...t, sensitive: true }));
}

export interface TextOptions {
  /** Show sensitive tokens in clear (never for logs). */
  readonly reveal?: boolean;
}

const MASK = '*';

// English compounds: "twenty-two", "twenty-second".
const EN_TENS = new Set<string>(['num.20', 'num.30', 'num.40', 'num.50', 'num.60', 'num.70', 'num.80', 'num.90']);
const EN_UNIT_WORD = /^(num|ord)\.[1-9]$/;

/**
 * The tokens joined into display text: Mandarin without spaces, English with
 * spaces (and hyphens in twenty-two). Sensitive tokens show as '*'.
 */
export function speechText(list: readonly SpeechToken[], lang: Lang, options: TextOptions = {}): string {
  const shown = list.map((t) => ({ token: t, masked: t.sensitive === true && options.reveal !== true }));
  let out = '';
  shown.forEach((cur, i) => {
    const prev = shown[i - 1];
    const text = cur.masked ? MASK : cur.token.text;
    if (prev && lang === 'en') out += englishSeparator(prev, cur, text);
    out += text;
  });
  return out;
}

function englishSeparator(
  prev: { token: SpeechToken; masked: boolean },
  cur: { token: SpeechToken; masked: boolean },
  text: string,
): string {
  if (text === ',') return '';
  if (prev.masked && cur.masked) return '';
  if (!prev.masked && !cur.masked && EN_TENS.has(prev.token.id) && EN_UNIT_WORD.test(cur.token.id)) return '-';
  return ' ';
}

export interface LoggedToken {
  readonly id: string;
  readonly text: string;
}

/** Id and text of each token, for logs and simulator output; sensitive ones masked. */
export function describeTokens(list: readonly SpeechToken[], options: TextOptions = {}): LoggedToken[] {
  return list.map((t) => (t.sensitive && !options.reveal ? { id: MASK, text: MASK } : { id: t.id, text: t.text }));
}
