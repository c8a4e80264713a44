/**
 * i18next with zh-CN as the default and English; the language an operator picked is kept in
 * localStorage under their user name (the server has no field for it).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from '../locales/zh-CN.json';
import en from '../locales/en.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const LAST_KEY = 'tellerline.lang';
const operatorKey = (username: string) => `tellerline.lang.${username}`;

function isLanguage(value: string | null): value is Language {
  return value !== null && (LANGUAGES as readonly string[]).includes(value);
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: isLanguage(localStorage.getItem(LAST_KEY)) ? (localStorage.getItem(LAST_KEY) as Language) : 'zh-CN',
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

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'zh-CN';
}

export function chooseLanguage(lang: Language, username?: string): void {
  localStorage.setItem(LAST_KEY, lang);
  if (username) localStorage.setItem(operatorKey(username), lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/** After log-in: switch to the language this operator chose last time, if any. */
export function restoreOperatorLanguage(username: string): void {
  const saved = localStorage.getItem(operatorKey(username));
  if (isLanguage(saved) && saved !== i18n.language) chooseLanguage(saved, username);
}

export default i18n;
