/**
 * How a simulated subscriber line answers the bank's outbound calls.
 *
 *   answer             rings, then answers (and optionally plays or keys something)
 *   person             rings, answers, says something short ("喂"), keys digits a while
 *                      later (a survey answer) and hangs up (the population's people)
 *   busy               refuses with cause 17 (user busy)
 *   no-answer          rings with in-band ringback until the bank gives up
 *   answering-machine  answers, plays a greeting (spoken, or a speech-like noise and a
 *                      beep), then records silence
 *   fax                answers as a fax machine (sim-fax.ts): receives what the bank sends
 *                      into `receiveInto` (or a temporary file), or sends `send`
 *   unallocated        refuses with cause 1 (no such number)
 *   congestion         refuses with cause 34
 */
import type { Call, Card, PlayItem } from '../../../bindings/index.js';
import { Cause } from '../../../bindings/index.js';
// The 'fax' behaviour is a real fax machine.
import { runFaxLine, type SimFaxMachineOptions } from './sim-fax.js';

export type LineBehavior =
  | { kind: 'answer'; ringMs?: number; play?: string; dtmf?: string; hangupAfterMs?: number }
  | { kind: 'busy' }
  | { kind: 'no-answer' }
  | { kind: 'person'; ringMs?: number; say?: PlayItem; sayAfterMs?: number; dtmf?: string; dtmfAfterMs?: number; hangupAfterMs?: number }
  | { kind: 'answering-machine'; ringMs?: number; greetingMs?: number; greeting?: PlayItem }
  | ({ kind: 'fax'; ringMs?: number } & SimFaxMachineOptions)
  | { kind: 'unallocated' }
  | { kind: 'congestion' };

export type LineBehaviorKind = LineBehavior['kind'];

/** Speech-like greeting: syllable bursts of band-limited noise, then a 1 kHz beep. */
export function answeringMachineGreeting(greetingMs: number): Int16Array {
  const n = Math.round(greetingMs * 8) + 4000;
  const out = new Int16Array(n);
  let seed = 12345;
  let low = 0;
  for (let i = 0; i < greetingMs * 8; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const white = (seed / 0x7fffffff) * 2 - 1;
    low = 0.85 * low + 0.15 * white;  // speech-band-ish
    const syllable = 0.5 + 0.5 * Math.sin((2 * Math.PI * 4 * i) / 8000);  // ~4 syllables a second
    out[i] = Math.round(low * syllable * 12000);
  }
  for (let i = 0; i < 4000; i++) {
    out[greetingMs * 8 + i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000));
  }
  return out;
}

/** Plays out a behaviour on a call the bank placed to the network. */
export async function runLine(card: Card, call: Call, behavior: LineBehavior): Promise<void> {
  const channel = card.span(call.span).channel(call.channel);
  try {
    switch (behavior.kind) {
      case 'busy':
        await call.reject(Cause.USER_BUSY);
        return;
      case 'unallocated':
        await call.reject(Cause.UNALLOCATED_NUMBER);
        return;
      case 'congestion':
        await call.reject(Cause.NO_CIRCUIT_AVAILABLE);
        return;
      case 'no-answer':
        await call.proceeding();
        await call.alerting(true);
        await channel.playTone('ringback');
        return;  // rings until the bank hangs up
      case 'answer':
      case 'person':
      case 'answering-machine':
      case 'fax': {
        await call.proceeding();
        await call.alerting(true);
        await channel.playTone('ringback');
        await card.clock.sleep(behavior.ringMs ?? 2000);
        if (call.state === 'released' || call.state === 'terminating') return;
        await channel.stopTone();
        await call.answer();
        if (behavior.kind === 'person') {
          await actPerson(card, call, behavior);
        } else if (behavior.kind === 'answering-machine') {
          await channel.play(behavior.greeting ?? answeringMachineGreeting(behavior.greetingMs ?? 4000));
        } else if (behavior.kind === 'fax') {
          // T.30 on the line instead of a bare CED tone.
          await runFaxLine(card, call, behavior);
        } else {
          if (behavior.play) await channel.play(behavior.play);
          if (behavior.dtmf) await channel.sendDtmf(behavior.dtmf);
          if (behavior.hangupAfterMs !== undefined) {
            await card.clock.sleep(behavior.hangupAfterMs);
            await call.hangUp();
          }
        }
        return;
      }
    }
  } catch {
    // The bank hung up while the line was still acting out its part.
  }
}

/** A person on an answered call: a word, then digits once the bank has spoken, then goodbye. */
async function actPerson(card: Card, call: Call, behavior: Extract<LineBehavior, { kind: 'person' }>): Promise<void> {
  const channel = card.span(call.span).channel(call.channel);
  const answeredAt = card.clock.now();
  const until = async (ms: number) => {
    const wait = ms - (card.clock.now() - answeredAt);
    if (wait > 0) await card.clock.sleep(wait);
    return call.state !== 'released' && call.state !== 'terminating';
  };
  if (behavior.say !== undefined && (await until(behavior.sayAfterMs ?? 500))) await channel.play(behavior.say);
  if (behavior.dtmf && (await until(behavior.dtmfAfterMs ?? 8000))) await channel.sendDtmf(behavior.dtmf);
  if (behavior.hangupAfterMs !== undefined && (await until(behavior.hangupAfterMs))) await call.hangUp();
}
