/**
 * The simulated network's subscribers as a population: who answers the
 * bank's outbound calls and how. Each call draws an outcome from the shares
 * (people, no answer, busy, answering machines, fax machines...), a ringing
 * time, and a voice, from a random source seeded by the settings' seed, the
 * number called and how many times it was called before -- so the same
 * calls meet the same answers in every run, and a number that was busy may
 * answer the retry.
 *
 * People say a short answer ("喂", "hello?") spoken by espeak-ng, key the
 * configured digits a while later and hang up; machines play a spoken
 * greeting of 3-12 s, some ending in a beep. The voices are rendered once,
 * when the population is made (create()), so that no call waits for
 * espeak-ng: on a free-running card, time would run on meanwhile.
 */
import type { SimPopulationSettings } from '../../config/schema.js';
import type { LineBehavior } from './sim-line.js';
import { seededRandom, type Random } from '../../random/seeded-random.js';
import { beep, between, concat, machineGreeting, personAnswer, pick, silence } from './sim-voices.js';

export type PopulationOutcome = 'person' | 'no-answer' | 'busy' | 'answering-machine' | 'fax' | 'unallocated' | 'congestion';

const PEOPLE_VOICES = 12;
const MACHINE_VOICES = 8;

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class SimPopulation {
  private readonly attempts = new Map<string, number>();

  private constructor(
    readonly settings: SimPopulationSettings,
    private readonly answers: readonly Int16Array[],
    private readonly greetings: readonly Int16Array[],
  ) {}

  /** Renders the population's voices (a few seconds of espeak-ng the first time; cached on disk). */
  static async create(settings: SimPopulationSettings): Promise<SimPopulation> {
    const rand = seededRandom(settings.seed);
    const answers: Int16Array[] = [];
    for (let i = 0; i < PEOPLE_VOICES; i++) answers.push((await personAnswer(rand, i % 2 === 0 ? 'zh' : 'en')).audio);
    const greetings: Int16Array[] = [];
    for (let i = 0; i < MACHINE_VOICES; i++) greetings.push((await machineGreeting(rand, { lang: i % 2 === 0 ? 'zh' : 'en', beep: false })).audio);
    return new SimPopulation(settings, answers, greetings);
  }

  /** The outcome and behaviour of the next call to `number` (counts the call). */
  next(number: string): { outcome: PopulationOutcome; behavior: LineBehavior } {
    const attempt = this.attempts.get(number) ?? 0;
    this.attempts.set(number, attempt + 1);
    const rand = seededRandom(hash(`${this.settings.seed}:${number}:${attempt}`));
    const outcome = this.draw(rand);
    return { outcome, behavior: this.behavior(outcome, rand) };
  }

  private draw(rand: Random): PopulationOutcome {
    const s = this.settings;
    const weights: Array<[PopulationOutcome, number]> = [
      ['person', s.personPct], ['no-answer', s.noAnswerPct], ['busy', s.busyPct], ['answering-machine', s.machinePct],
      ['fax', s.faxPct], ['unallocated', s.unallocatedPct], ['congestion', s.congestionPct],
    ];
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    let x = rand() * total;
    for (const [outcome, w] of weights) {
      if (x < w) return outcome;
      x -= w;
    }
    return weights.filter(([, w]) => w > 0).at(-1)![0];
  }

  private behavior(outcome: PopulationOutcome, rand: Random): LineBehavior {
    const s = this.settings;
    const ringMs = Math.round(between(rand, s.answerMinMs, s.answerMaxMs));
    switch (outcome) {
      case 'person': {
        const behavior: LineBehavior = {
          kind: 'person',
          ringMs,
          // A breath after lifting the handset, then the word.
          say: concat([silence(Math.round(between(rand, 200, 900))), pick(rand, this.answers)]),
          sayAfterMs: 0,
          hangupAfterMs: Math.round(between(rand, s.personHangupMinMs, s.personHangupMaxMs)),
        };
        if (s.personDtmf) {
          behavior.dtmf = s.personDtmf;
          behavior.dtmfAfterMs = Math.round(s.personDtmfAfterMs * between(rand, 0.8, 1.2));
        }
        return behavior;
      }
      case 'answering-machine': {
        const greeting = pick(rand, this.greetings);
        const withBeep = rand() * 100 < s.machineBeepPct;
        const lead = silence(Math.round(between(rand, 100, 700)));
        const parts = withBeep
          ? [lead, greeting, silence(Math.round(between(rand, 100, 500))), beep(pick(rand, [800, 1000, 1400]), Math.round(between(rand, 300, 800)))]
          : [lead, greeting];
        return { kind: 'answering-machine', ringMs, greeting: concat(parts) };
      }
      case 'fax':
        return { kind: 'fax', ringMs };
      case 'no-answer':
      case 'busy':
      case 'unallocated':
      case 'congestion':
        return { kind: outcome };
    }
  }
}
