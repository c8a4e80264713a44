/**
 * What the soak's callers do: real journeys through the shipped banking IVR and the ACD, each
 * with the call record disposition it must leave. Demo customers are the core-banking
 * simulator's (docs/demo-customers.md); every caller dials from a number of its own, so its
 * call record can be found by the calling number.
 */
import type { Disposition } from '../../src/records/store/cdr-repo.js';
import { beep } from '../../src/telephony/simnet/sim-voices.js';
import type { CallerLine } from './caller-line.js';

export const IVR_NUMBER = '95588';
export const QUEUE_NUMBER = '95501';
/** Not in the dial plan: refused with cause 1. */
export const WRONG_NUMBER = '95999';

export interface JourneyContext {
  /** Uniform in [0, 1), seeded. */
  random: () => number;
  /** A file path of this call's own, removed after the call. */
  scratch: string;
}

export interface Journey {
  name: string;
  to: string;
  weight: number;
  /** The disposition of the caller's inbound call record. */
  expected: Disposition;
  /** Runs once the bank answered. */
  run(line: CallerLine, ctx: JourneyContext): Promise<void>;
}

/** A 440 Hz tone the caller speaks with (a voice message, talking to an agent), about 3,000 peak. */
const voice = beep(440, 2000, -17.6);

/** Chooses Mandarin, then a key of the main menu. */
async function mainMenu(line: CallerLine, key: string): Promise<void> {
  await line.answer('lang.choose.zh', '1');
  await line.answer('menu.main', key);
}

/** Card services with a demo customer's card and PIN, then a key of the card menu. */
async function cardMenu(line: CallerLine, key: string): Promise<void> {
  await mainMenu(line, '2');
  await line.answer('enter.card', '6222020000000001#');
  await line.answer('enter.card_pin', '111111#');
  await line.answer('menu.card', key);
}

/** Talks for a while (to an agent, or waiting for one), then hangs up. */
async function talk(line: CallerLine, { random }: JourneyContext): Promise<void> {
  await line.sleep(15_000 + Math.floor(random() * 25_000));
  await line.hangUp();
}

export const journeys: Journey[] = [
  {
    name: 'balance',
    to: IVR_NUMBER,
    weight: 22,
    expected: 'NORMAL',
    async run(line) {
      await cardMenu(line, '1');
      await line.prompt('result.balance');
      await line.prompt('menu.card');
      await line.hangUp();
    },
  },
  {
    name: 'recent',
    to: IVR_NUMBER,
    weight: 8,
    expected: 'NORMAL',
    async run(line) {
      await cardMenu(line, '2');
      await line.prompt('result.tx.recent');
      await line.hangUp();
    },
  },
  {
    name: 'rates',
    to: IVR_NUMBER,
    weight: 12,
    expected: 'NORMAL',
    async run(line) {
      await mainMenu(line, '6');
      await line.answer('menu.info', '1');
      await line.answer('menu.info.rates', '1');
      await line.prompt('rate.intro');
      await line.sleep(3000);
      await line.hangUp();
    },
  },
  {
    name: 'fax-statement',
    to: IVR_NUMBER,
    weight: 8,
    expected: 'NORMAL',
    async run(line, ctx) {
      await cardMenu(line, '4');
      await line.answer('enter.date', '20260101');
      await line.answer('fax.enter_number', '#');
      await line.prompt('fax.press_start');
      // The caller's own fax machine, on the same line, receives the statement.
      const result = await line.sim.channel!.fax({ mode: 'receive', file: ctx.scratch, calling: true, maxBitRate: 9600 });
      if (!result.success) throw new Error(`statement fax failed: ${result.code} ${result.text}`);
      await line.hangUp();
    },
  },
  {
    name: 'voicemail',
    to: IVR_NUMBER,
    weight: 7,
    expected: 'NORMAL',
    async run(line) {
      await mainMenu(line, '8');
      await line.prompt('voicemail.intro');
      await line.next((e) => e.type === 'prompt-done', 'the end of the greeting');
      await line.sim.play(voice);
      await line.press('#');
      await line.prompt('voicemail.saved');
      await line.next((e) => e.type === 'hangup', 'the bank hanging up');
    },
  },
  {
    name: 'agent',
    to: QUEUE_NUMBER,
    weight: 22,
    expected: 'NORMAL',
    async run(line, ctx) {
      void line.sim.play(voice).catch(() => undefined);
      await talk(line, ctx);
    },
  },
  {
    name: 'ivr-agent',
    to: IVR_NUMBER,
    weight: 8,
    // The IVR hands the call to the queue on the same leg: not a transfer away from the bank.
    expected: 'NORMAL',
    async run(line, ctx) {
      await mainMenu(line, '0');
      await talk(line, ctx);
    },
  },
  {
    name: 'callback',
    to: QUEUE_NUMBER,
    weight: 7,
    expected: 'NORMAL',
    async run(line, ctx) {
      // Asks to be called back (key 3) if still waiting; an agent who already took the call
      // hears the key and the caller talks on.
      await line.sleep(1500);
      await line.press('3');
      await Promise.race([line.sleep(20_000), line.next((e) => e.type === 'hangup', 'the bank hanging up').catch(() => undefined)]);
      if (!line.ended) await talk(line, ctx);
    },
  },
  {
    name: 'wrong-number',
    to: WRONG_NUMBER,
    weight: 6,
    expected: 'REJECTED',
    async run() {
      // Never answered: the bank refuses it.
    },
  },
];

export function pickJourney(random: () => number, list: Journey[] = journeys): Journey {
  const total = list.reduce((s, j) => s + j.weight, 0);
  let x = random() * total;
  for (const j of list) {
    x -= j.weight;
    if (x < 0) return j;
  }
  return list[list.length - 1]!;
}
