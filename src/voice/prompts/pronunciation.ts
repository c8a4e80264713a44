// What the synthesiser is given to say, as opposed to what a prompt displays.
//
// espeak-ng's Mandarin (`-v cmn-latn-pinyin`, platform-notes.md) reads most
// characters by a per-character default and gets several polyphonic
// characters wrong in banking words (银行 as yín xíng, 重新 as zhòng xīn).
// That voice reads Latin text as pinyin, so a wrong character can be replaced
// by its pinyin with a tone digit (hang2). The fixes below were found by
// listening to the phoneme output (`espeak-ng -x`) of every Mandarin prompt.
// Recorded prompts replace generated ones file by file, so these fixes only
// matter for the generated set.

import type { Lang, PromptEntry } from './entry.js';

// Word -> what espeak-ng should read. Longest words are applied first.
const ZH_LEXICON: ReadonlyArray<readonly [string, string]> = [
  ['银行', '银hang2'],
  ['本行', '本hang2'],
  ['重听', 'chong2听'],
  ['重新', 'chong2新'],
  ['处理', 'chu3理'],
  ['相差', '相cha1'],
  ['凌晨', 'ling2chen2'],
  ['务必', 'wu4必'],
  ['还款', 'huan2款'],
  ['地址', 'di4址'],
  ['了解', 'liao3解'],
];

const ZH_SORTED = [...ZH_LEXICON].sort((a, b) => b[0].length - a[0].length);

/** Applies the Mandarin pronunciation fixes to a text. */
export function zhSpeakable(text: string): string {
  let out = '';
  let i = 0;
  outer: while (i < text.length) {
    for (const [word, say] of ZH_SORTED) {
      if (text.startsWith(word, i)) {
        out += say;
        i += word.length;
        continue outer;
      }
    }
    out += text[i];
    i += 1;
  }
  return out;
}

/** The text to synthesise for a prompt in a language. */
export function ttsText(entry: PromptEntry, lang: Lang): string {
  const base = entry.say?.[lang] ?? entry[lang];
  return lang === 'zh' ? zhSpeakable(base) : base;
}
