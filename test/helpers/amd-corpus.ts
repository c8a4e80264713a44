/**
 * The answering-machine detection corpus: answers as they reach the bank's
 * channel, made deterministically from a seed.
 *
 *   person:  0.2-1.2 s of line noise, a short answer ("喂", "hello?"), then
 *            silence; half of them say it again, a fifth soon (after 0.6-1.2 s),
 *            the others after 2-3 s, as people do when nobody speaks;
 *   machine: 0.1-0.8 s of line noise, a greeting of 3-12 s in Mandarin or
 *            English, some ending in a beep.
 *
 * Every sample is then set to a speech level of -8 to -30 dBm0, some with a
 * level change of up to 8 dB along the sample (a handset moved, an AGC), and
 * given band-limited line noise at 30, 20, 15 or 10 dB SNR, or none -- or, one
 * in five, background talkers (three other voices) at 20 or 15 dB SNR. A class
 * of its own: people answering over background talk (babblePersonSample). Speech
 * comes from espeak-ng (cached on disk, see src/telephony/simnet/sim-speech.ts);
 * nothing of the corpus is kept in git.
 */
import type { Card } from '../../bindings/index.js';
import { seededRandom, type Random } from '../../src/random/seeded-random.js';
import { between, concat, machineGreeting, personAnswer, pick, silence } from '../../src/telephony/simnet/sim-voices.js';

export type AnswerKind = 'person' | 'machine';

export interface CorpusSample {
  id: string;
  kind: AnswerKind;
  lang: 'zh' | 'en';
  text: string;
  /** Noise below the speech, dB (Infinity: none). */
  snrDb: number;
  noise: 'none' | 'hiss' | 'babble';
  levelDbm0: number;
  beepHz?: number;
  audio: Int16Array;
}

const RMS_0DBM0 = 16140.6;
const SNRS = [Infinity, 30, 20, 15, 10];

/** RMS over the frames that carry speech (above a fifth of the loudest frame's RMS). */
function activeRms(audio: Int16Array): number {
  const frame = 160;
  const frames: number[] = [];
  for (let i = 0; i + frame <= audio.length; i += frame) {
    let s = 0;
    for (let j = i; j < i + frame; j++) s += audio[j]! * audio[j]!;
    frames.push(s / frame);
  }
  const loudest = Math.max(...frames, 1);
  const active = frames.filter((p) => p > loudest / 100);
  return Math.sqrt(active.reduce((s, p) => s + p, 0) / Math.max(1, active.length));
}

/** Gaussian noise through a 300-3400 Hz band (one-pole high-pass, two-pole low-pass). */
function lineNoise(rand: Random, n: number, rms: number): Float64Array {
  const out = new Float64Array(n);
  let hp = 0, prev = 0, lp1 = 0, lp2 = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const g = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    hp = 0.8 * (hp + g - prev);
    prev = g;
    lp1 += 0.75 * (hp - lp1);
    lp2 += 0.75 * (lp1 - lp2);
    out[i] = lp2;
    sum += lp2 * lp2;
  }
  const scale = rms / Math.sqrt(sum / Math.max(1, n));
  for (let i = 0; i < n; i++) out[i]! *= scale;
  return out;
}

let babblePool: Promise<Int16Array[]> | undefined;

/** Voices for background talk: greetings of a seed of their own, rendered once. */
function babbleVoices(): Promise<Int16Array[]> {
  babblePool ??= (async () => {
    const rand = seededRandom(424_242);
    const out: Int16Array[] = [];
    for (let i = 0; i < 6; i++) out.push((await machineGreeting(rand, { lang: i % 2 === 0 ? 'zh' : 'en', beep: false })).audio);
    return out;
  })();
  return babblePool;
}

/** `talkers` voices talking at once, from random places in the pool, at the given RMS. */
function babble(rand: Random, voices: Int16Array[], n: number, rms: number, talkers = 3): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < talkers; k++) {
    const v = voices[Math.floor(rand() * voices.length) % voices.length]!;
    const offset = Math.floor(rand() * v.length);
    for (let i = 0; i < n; i++) out[i]! += v[(offset + i) % v.length]!;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i]! * out[i]!;
  const scale = rms / Math.max(1, Math.sqrt(sum / Math.max(1, n)));
  for (let i = 0; i < n; i++) out[i]! *= scale;
  return out;
}

/** Background talk forced on a sample, at the given SNR (dB) and number of voices. */
interface BackgroundTalk {
  snrDb: number;
  voices: number;
}

async function finish(rand: Random, speech: Int16Array, forced?: BackgroundTalk): Promise<{ audio: Int16Array; snrDb: number; noise: CorpusSample['noise']; levelDbm0: number }> {
  const levelDbm0 = Math.round(between(rand, -30, -8));
  const talkers = forced !== undefined || rand() < 0.2;
  const snrDb = forced ? forced.snrDb : talkers ? pick(rand, [20, 15]) : pick(rand, SNRS);
  const target = RMS_0DBM0 * 10 ** (levelDbm0 / 20);
  const gain = target / Math.max(1, activeRms(speech));
  const changeDb = rand() < 0.3 ? between(rand, -8, 8) : 0;
  const noiseRms = target * 10 ** (-snrDb / 20);
  const noise = talkers
    ? babble(rand, await babbleVoices(), speech.length, noiseRms, forced?.voices)
    : Number.isFinite(snrDb) ? lineNoise(rand, speech.length, noiseRms) : undefined;
  const audio = new Int16Array(speech.length);
  for (let i = 0; i < speech.length; i++) {
    const g = gain * 10 ** ((changeDb * i) / speech.length / 20);
    const v = speech[i]! * g + (noise ? noise[i]! : 0);
    audio[i] = Math.max(-32768, Math.min(32767, Math.round(v)));
  }
  return { audio, snrDb, noise: talkers ? 'babble' : noise ? 'hiss' : 'none', levelDbm0 };
}

/** Total length of every sample: the detector decides within 5 s. */
export const SAMPLE_MS = 6000;

function fit(audio: Int16Array, ms: number): Int16Array {
  const n = ms * 8;
  if (audio.length >= n) return audio.slice(0, n);
  return concat([audio, silence((n - audio.length) / 8)]);
}

export function isBabbleClass(sample: CorpusSample): boolean {
  return sample.id.startsWith('person-babble-');
}

/** A person's answer after a short pause; half the time, nobody having spoken, "喂？" once more, soon (a second later) or after a while. */
async function personAnswering(rand: () => number): Promise<{ answer: Awaited<ReturnType<typeof personAnswer>>; parts: Int16Array[] }> {
  const answer = await personAnswer(rand);
  const parts = [silence(between(rand, 200, 1200)), answer.audio];
  const again = rand();
  if (again < 0.5) {
    const repeat = await personAnswer(rand, answer.lang);
    parts.push(silence(again < 0.2 ? between(rand, 600, 1200) : between(rand, 2000, 3000)), repeat.audio);
  }
  return { answer, parts };
}

export async function personSample(seed: number): Promise<CorpusSample> {
  const rand = seededRandom(seed * 2 + 1);
  const { answer, parts } = await personAnswering(rand);
  const { audio, snrDb, noise, levelDbm0 } = await finish(rand, fit(concat(parts), SAMPLE_MS));
  return { id: `person-${seed}`, kind: 'person', lang: answer.lang, text: answer.text, snrDb, noise, levelDbm0, audio };
}

/**
 * A person answering over background talk -- a television, an office: one to
 * three other voices 10-20 dB below the answer, talking all along, before the
 * answer too.
 */
export async function babblePersonSample(seed: number): Promise<CorpusSample> {
  const rand = seededRandom(seed * 2 + 1_000_001);
  const { answer, parts } = await personAnswering(rand);
  const forced = { snrDb: Math.round(between(rand, 10, 20)), voices: 1 + Math.floor(rand() * 3) };
  const { audio, snrDb, noise, levelDbm0 } = await finish(rand, fit(concat(parts), SAMPLE_MS), forced);
  return { id: `person-babble-${seed}`, kind: 'person', lang: answer.lang, text: answer.text, snrDb, noise, levelDbm0, audio };
}

export async function machineSample(seed: number): Promise<CorpusSample> {
  const rand = seededRandom(seed * 2 + 2);
  const greeting = await machineGreeting(rand);
  const speech = concat([silence(between(rand, 100, 800)), greeting.audio]);
  const { audio, snrDb, noise, levelDbm0 } = await finish(rand, fit(speech, SAMPLE_MS));
  const sample: CorpusSample = { id: `machine-${seed}`, kind: 'machine', lang: greeting.lang, text: greeting.text, snrDb, noise, levelDbm0, audio };
  if (greeting.beepHz !== undefined) sample.beepHz = greeting.beepHz;
  return sample;
}

/**
 * `people` person samples and `machines` machine samples from a seed, then
 * `babblePeople` people answering over background talk (their own class:
 * see babblePersonSample).
 */
export async function corpus(seed: number, people: number, machines: number, babblePeople = 0): Promise<CorpusSample[]> {
  const out: CorpusSample[] = [];
  // espeak-ng runs a few at a time: most of the cost on a cold cache.
  const jobs = [
    ...Array.from({ length: people }, (_, i) => () => personSample(seed * 100_000 + i)),
    ...Array.from({ length: machines }, (_, i) => () => machineSample(seed * 100_000 + i)),
    ...Array.from({ length: babblePeople }, (_, i) => () => babblePersonSample(seed * 100_000 + i)),
  ];
  for (let i = 0; i < jobs.length; i += 4) out.push(...(await Promise.all(jobs.slice(i, i + 4).map((j) => j()))));
  return out;
}

export interface Accuracy {
  people: number;
  peopleAsPeople: number;
  machines: number;
  machinesDetected: number;
  peoplePct: number;
  machinesPct: number;
}

export function accuracy(results: Array<{ kind: AnswerKind; result: string }>): Accuracy {
  const people = results.filter((r) => r.kind === 'person');
  const machines = results.filter((r) => r.kind === 'machine');
  const peopleAsPeople = people.filter((r) => r.result === 'person').length;
  const machinesDetected = machines.filter((r) => r.result === 'machine').length;
  const pct = (a: number, b: number) => (b === 0 ? 0 : Math.round((1000 * a) / b) / 10);
  return {
    people: people.length, peopleAsPeople, machines: machines.length, machinesDetected,
    peoplePct: pct(peopleAsPeople, people.length), machinesPct: pct(machinesDetected, machines.length),
  };
}

/**
 * Plays every sample as the far end of a media path across a virtual card's
 * cable (span 1 plays, span 0 detects), `parallel` channels at a time, and
 * returns each sample's verdict.
 */
export async function classifyOnCard(
  card: Card,
  samples: readonly CorpusSample[],
  parallel = 15,
): Promise<Array<{ sample: CorpusSample; result: string; afterMs: number; speechMs: number }>> {
  const out: Array<{ sample: CorpusSample; result: string; afterMs: number; speechMs: number }> = [];
  let next = 0;
  const lane = async (timeslot: number) => {
    const near = card.channel(0, timeslot);
    const far = card.channel(1, timeslot);
    await Promise.all([near.open(), far.open()]);
    try {
      while (next < samples.length) {
        const sample = samples[next++]!;
        const verdict = near.detectAnswer();
        const played = far.play(sample.audio);
        const v = await verdict;
        await far.stopPlayback();
        await played;
        out.push({ sample, result: v.result, afterMs: v.afterMs, speechMs: v.speechMs });
      }
    } finally {
      await Promise.all([near.close(), far.close()]);
    }
  };
  // B-channels 1-15 and 17-31 (timeslot 16 carries the signalling).
  await Promise.all(Array.from({ length: Math.min(parallel, 30) }, (_, i) => lane(i < 15 ? i + 1 : i + 2)));
  return out;
}
