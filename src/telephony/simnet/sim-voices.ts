/**
 * What the simulated population says when it answers: people's short
 * answers ("喂", "hello?") and answering machines' greetings (whole
 * sentences, 3-12 s, some ending in a beep), in Mandarin and English, chosen
 * from a seeded random source so that a test hears the same thing each run.
 */
import type { Random } from '../../random/seeded-random.js';
import { synthesize, type SpeechLang, type SpeechRequest } from './sim-speech.js';

export function pick<T>(rand: Random, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length) % items.length]!;
}

export function between(rand: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

export const SHORT_ANSWERS: Readonly<Record<SpeechLang, readonly string[]>> = {
  zh: ['喂', '喂？', '你好', '喂，你好', '你好，哪位', '喂，哪位啊', '嗯，你好', '对，我是', '喂，您好', '哪位'],
  en: ['hello', 'hello?', 'yes?', 'hi', 'yeah, hello', 'hello, who is this?', 'speaking', 'yes, hello', 'hi there', 'good morning'],
};

// Greeting sentences; a greeting is an opening, a middle or two and a closing.
const OPENINGS: Readonly<Record<SpeechLang, readonly string[]>> = {
  zh: ['您好', '你好，我是王伟', '您好，这里是张先生的电话', '您好，欢迎致电华信贸易公司', '您好，您拨打的电话暂时无人接听', '你好，我是李娜'],
  en: ['Hi, you have reached John Smith', 'Hello, this is Mary', 'Thank you for calling Greenfield Trading', 'Hello, you have reached the voicemail of David Chen', 'Hi, this is Anna', 'The person you are calling is not available'],
};
const MIDDLES: Readonly<Record<SpeechLang, readonly string[]>> = {
  zh: ['我现在不方便接听电话', '我现在不在办公室', '我们的工作时间是周一至周五上午九点到下午六点', '现在无法接听您的电话', '我正在开会，稍后会给您回电', '请留下您的姓名和电话号码'],
  en: ['I cannot take your call right now', 'I am away from my desk at the moment', 'Our office hours are nine to six, Monday to Friday', 'I am either on the phone or away', 'Please leave your name and number', 'I will get back to you as soon as I can'],
};
const CLOSINGS: Readonly<Record<SpeechLang, readonly string[]>> = {
  zh: ['请在提示音后留言，谢谢', '有事请留言', '我会尽快给您回电，谢谢', '请在嘀声后留言', '谢谢您的来电，再见'],
  en: ['Please leave a message after the tone', 'Thanks, and have a great day', 'Leave a message and I will call you back', 'Please leave a message after the beep. Thank you', 'Goodbye'],
};

const VARIANTS = ['m1', 'm3', 'm5', 'f2', 'f3', 'f4'] as const;

/** A speaking style: voice variant, speed and pitch. */
export function pickStyle(rand: Random): Omit<SpeechRequest, 'text' | 'lang'> {
  return { variant: pick(rand, VARIANTS), speed: Math.round(between(rand, 140, 185)), pitch: Math.round(between(rand, 30, 70)) };
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round(ms * 8));
}

/** A sine beep at a level in dBm0 (0 dBm0 = 16140 RMS in the line's scale), with 5 ms ramps. */
export function beep(hz: number, ms: number, dbm0 = -12): Int16Array {
  const n = Math.round(ms * 8);
  const amp = 16140.6 * Math.SQRT2 * 10 ** (dbm0 / 20);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const ramp = Math.min(1, i / 40, (n - 1 - i) / 40);
    out[i] = Math.round(amp * ramp * Math.sin((2 * Math.PI * hz * i) / 8000));
  }
  return out;
}

export function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface Utterance {
  lang: SpeechLang;
  text: string;
  audio: Int16Array;
}

export interface MachineGreeting extends Utterance {
  /** The beep's frequency, if the greeting ends with one. */
  beepHz?: number;
}

/** A person's short answer: a word or two. */
export async function personAnswer(rand: Random, lang: SpeechLang = rand() < 0.5 ? 'zh' : 'en'): Promise<Utterance> {
  const text = pick(rand, SHORT_ANSWERS[lang]);
  const audio = await synthesize({ text, lang, ...pickStyle(rand) });
  return { lang, text, audio };
}

/**
 * An answering machine's greeting of about 3-12 s: sentences chosen at
 * random until the wished length, some ending with a beep.
 */
export async function machineGreeting(rand: Random, options: { lang?: SpeechLang; beep?: boolean } = {}): Promise<MachineGreeting> {
  const lang = options.lang ?? (rand() < 0.5 ? 'zh' : 'en');
  const style = pickStyle(rand);
  const wishedMs = between(rand, 3000, 12000);
  const sentences = [pick(rand, OPENINGS[lang])];
  const middles = [...MIDDLES[lang]];
  // Rough length of speech: Mandarin about 3.5 characters, English 14 a second.
  const estimate = () => sentences.join('').length * (lang === 'zh' ? 290 : 70);
  while (estimate() < wishedMs - 1500 && middles.length > 0) {
    sentences.push(middles.splice(Math.floor(rand() * middles.length), 1)[0]!);
  }
  sentences.push(pick(rand, CLOSINGS[lang]));
  const text = sentences.join(lang === 'zh' ? '。' : '. ') + (lang === 'zh' ? '。' : '.');
  const speech = await synthesize({ text, lang, ...style });
  const withBeep = options.beep ?? rand() < 0.4;
  if (!withBeep) return { lang, text, audio: speech };
  const beepHz = pick(rand, [440, 800, 1000, 1200, 1400]);
  return { lang, text, audio: concat([speech, silence(between(rand, 100, 500)), beep(beepHz, between(rand, 300, 800), between(rand, -20, -8))]), beepHz };
}
