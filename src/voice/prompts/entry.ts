// What one prompt in the catalog is. A prompt id names one WAV file per
// language: <dir>/<lang>/<id>.wav. The text is what the caller hears (and what
// logs show); `say` is the text handed to the synthesiser when the display text
// would be mispronounced by it (see pronunciation.ts).

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

// prompt:  a fixed sentence, played as generated (natural pauses kept)
// menu:    a fixed sentence built from its options, so flows can read the keys
// piece:   a word used by the reading engine; trimmed of silence to concatenate
// silence: a pause of fixed length (between digit groups)
// tone:    a beep (before a voicemail recording)
export type PromptKind = 'prompt' | 'menu' | 'piece' | 'silence' | 'tone';

export type SayOverride = Partial<Record<Lang, string>>;

interface EntryBase<I extends string> {
  readonly id: I;
  readonly zh: string;
  readonly en: string;
  readonly say?: SayOverride;
}

export interface SpokenEntry<I extends string = string> extends EntryBase<I> {
  readonly kind: 'prompt' | 'piece';
}

export type MenuKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';

export interface MenuOption {
  readonly key: MenuKey;
  /** Stable name of what the option does, for flow authors ('balance', 'back', ...). */
  readonly action: string;
  /** zh: the thing offered, e.g. 查询余额 (rendered "查询余额请按一"). */
  readonly zh: string;
  /** en: the lead of the sentence, e.g. "For your balance" (rendered "For your balance, press one."). */
  readonly en: string;
}

export interface MenuEntry<I extends string = string> extends EntryBase<I> {
  readonly kind: 'menu';
  readonly options: readonly MenuOption[];
}

export interface SilenceEntry<I extends string = string> extends EntryBase<I> {
  readonly kind: 'silence';
  readonly durationMs: number;
}

export interface ToneEntry<I extends string = string> extends EntryBase<I> {
  readonly kind: 'tone';
  readonly frequencyHz: number;
  readonly durationMs: number;
}

export type PromptEntry<I extends string = string> =
  | SpokenEntry<I>
  | MenuEntry<I>
  | SilenceEntry<I>
  | ToneEntry<I>;

export function prompt<const I extends string>(id: I, zh: string, en: string, say?: SayOverride): SpokenEntry<I> {
  return say ? { id, kind: 'prompt', zh, en, say } : { id, kind: 'prompt', zh, en };
}

export function piece<const I extends string>(id: I, zh: string, en: string, say?: SayOverride): SpokenEntry<I> {
  return say ? { id, kind: 'piece', zh, en, say } : { id, kind: 'piece', zh, en };
}

export function silence<const I extends string>(id: I, durationMs: number, zh: string, en: string): SilenceEntry<I> {
  return { id, kind: 'silence', zh, en, durationMs };
}

export function tone<const I extends string>(
  id: I,
  frequencyHz: number,
  durationMs: number,
  zh: string,
  en: string,
): ToneEntry<I> {
  return { id, kind: 'tone', zh, en, frequencyHz, durationMs };
}

// Key names as spoken inside menu sentences. In menus a 1 is 一, not 幺:
// 幺 is only for reading digit strings (account, card and phone numbers).
const ZH_KEY: Record<MenuKey, string> = {
  '0': '零', '1': '一', '2': '二', '3': '三', '4': '四', '5': '五', '6': '六', '7': '七', '8': '八', '9': '九',
  '*': '星号键', '#': '井号键',
};
const EN_KEY: Record<MenuKey, string> = {
  '0': 'zero', '1': 'one', '2': 'two', '3': 'three', '4': 'four', '5': 'five', '6': 'six', '7': 'seven',
  '8': 'eight', '9': 'nine', '*': 'the star key', '#': 'the pound key',
};

/**
 * A menu prompt whose text is rendered from its options, so the recorded
 * sentence and the keys a flow listens for cannot drift apart.
 * `intro` (optional) is said before the options.
 */
export function menu<const I extends string>(
  id: I,
  options: readonly MenuOption[],
  intro?: { zh: string; en: string },
): MenuEntry<I> {
  const seen = new Set<MenuKey>();
  for (const o of options) {
    if (seen.has(o.key)) throw new Error(`menu ${id}: key ${o.key} is used twice`);
    seen.add(o.key);
  }
  const zh = (intro ? intro.zh : '') + options.map((o) => `${o.zh}请按${ZH_KEY[o.key]}`).join('，') + '。';
  const en = [intro?.en, ...options.map((o) => `${o.en}, press ${EN_KEY[o.key]}.`)].filter(Boolean).join(' ');
  return { id, kind: 'menu', zh, en, options };
}
