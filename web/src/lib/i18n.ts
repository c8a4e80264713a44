/**
 * i18next with zh-CN as the default and English; the language an operator picked is kept in
 * localStorage under their user name (the server has no field for it). Each language is its own
 * chunk — our catalog, the component kit's and dayjs's locale — so the first page loads only
 * the active one; another is fetched when the operator switches to it, before the switch.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import type { Locale } from 'antd/es/locale/index.js';
// The kit's own default, in its main chunk whatever we do.
import enUS from 'antd/es/locale/en_US.js';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalog = { [key: string]: string | Catalog };
interface LanguagePack {
  catalog: Catalog;
  /** The component kit's strings (pagination, date pickers, empty tables). */
  kit: Locale;
  dayjs: string;
}

const PACKS: Record<Language, () => Promise<LanguagePack>> = {
  'zh-CN': async () => {
    const [catalog, kit] = await Promise.all([import('../locales/zh-CN.json'), import('antd/es/locale/zh_CN.js'), import('dayjs/locale/zh-cn')]);
    return { catalog: catalog.default, kit: kit.default, dayjs: 'zh-cn' };
  },
  en: async () => {
    const catalog = await import('../locales/en.json');
    return { catalog: catalog.default, kit: enUS, dayjs: 'en' };
  },
};
const loaded = new Map<Language, LanguagePack>();

async function loadPack(lang: Language): Promise<LanguagePack> {
  const had = loaded.get(lang);
  if (had) return had;
  const pack = await PACKS[lang]();
  loaded.set(lang, pack);
  if (i18n.isInitialized) i18n.addResourceBundle(lang, 'translation', pack.catalog);
  return pack;
}

const LAST_KEY = 'tellerline.lang';
const operatorKey = (username: string) => `tellerline.lang.${username}`;

function isLanguage(value: string | null): value is Language {
  return value !== null && (LANGUAGES as readonly string[]).includes(value);
}

const first: Language = isLanguage(localStorage.getItem(LAST_KEY)) ? (localStorage.getItem(LAST_KEY) as Language) : 'zh-CN';

/** Resolves once the first language is in: the application renders after it. */
export const i18nReady: Promise<void> = loadPack(first).then(async (pack) => {
  await i18n.use(initReactI18next).init({
    resources: { [first]: { translation: pack.catalog } },
    // The other language is added when it is chosen, not fetched by i18next.
    partialBundledLanguages: true,
    lng: first,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    // A missing key shows itself, and is noted where the browser tests can read it.
    saveMissing: true,
    missingKeyHandler: (_lngs, _ns, key) => {
      const w = window as unknown as { __missingI18nKeys?: string[] };
      (w.__missingI18nKeys ??= []).push(`${i18n.language}:${key}`);
    },
  });
  applyLocale(first, pack);
});

function applyLocale(lang: Language, pack: LanguagePack): void {
  dayjs.locale(pack.dayjs);
  document.documentElement.lang = lang;
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'zh-CN';
}

/** The component kit's strings for a language already loaded (the active one always is). */
export function kitLocale(lang: Language): Locale | undefined {
  return loaded.get(lang)?.kit;
}

export async function chooseLanguage(lang: Language, username?: string): Promise<void> {
  localStorage.setItem(LAST_KEY, lang);
  if (username) localStorage.setItem(operatorKey(username), lang);
  applyLocale(lang, await loadPack(lang));
  await i18n.changeLanguage(lang);
}

/** After log-in: switch to the language this operator chose last time, if any. */
export function restoreOperatorLanguage(username: string): void {
  const saved = localStorage.getItem(operatorKey(username));
  if (isLanguage(saved) && saved !== i18n.language) void chooseLanguage(saved, username);
}

export default i18n;
