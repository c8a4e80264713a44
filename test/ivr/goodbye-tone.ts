/**
 * Whether an uploaded goodbye prompt is what callers hear: a flow whose menu (welcome) says
 * goodbye on key 1, and how many seconds of a test tone a caller who pressed 1 heard, measured
 * on the caller's recording of the call.
 */
import { join } from 'node:path';
import { readWav } from '../helpers/wav.js';
import { goertzel, levelDbm0, rms } from '../helpers/signal.js';
import type { IvrWorld } from './harness.js';

/** A menu (welcome); key 1 says goodbye and hangs up. */
export const MENU_THEN_GOODBYE = {
  start: 'menu',
  defaults: { goodbye: 'bye' },
  nodes: { menu: { type: 'menu', prompts: ['welcome'], options: { '1': 'bye' }, timeoutMs: 60_000, retries: 2 }, bye: { type: 'hangup', prompts: ['goodbye'] } },
};

/** Seconds of a tone at `hz` in 8 kHz audio: 200 ms windows above -35 dBm0 with most of their energy at `hz`. */
export function toneSeconds(audio: Int16Array, hz: number): number {
  const window = 1600;
  let windows = 0;
  for (let from = 0; from + window <= audio.length; from += window) {
    const energy = rms(audio, from, from + window) ** 2;
    if (levelDbm0(audio, from, from + window) > -35 && goertzel(audio, hz, from, from + window) / energy > 0.8) windows++;
  }
  return (windows * window) / 8000;
}

/** Calls `number` (a MENU_THEN_GOODBYE flow), presses 1 and records until the bank hangs up (in `dir`, as `name`.wav); seconds of the tone heard. */
export async function goodbyeToneSeconds(world: IvrWorld, number: string, dir: string, name: string, hz: number): Promise<number> {
  const caller = await world.dial({ to: number });
  const file = join(dir, `${name}.wav`);
  await caller.sim.record(file);
  await caller.prompt('welcome');
  await caller.press('1');
  await caller.prompt('goodbye');
  await caller.ended();
  await caller.sim.ended;
  return toneSeconds(readWav(file).samples, hz);
}
