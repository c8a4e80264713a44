/**
 * The balance reaches the caller's ear as audio: the caller's side of a banking call is
 * recorded on the virtual card, and the prompt files the bank meant to play -- the words and
 * the digits of the amount, in order -- are found in that recording by normalised
 * cross-correlation. A wrong file, a silent one, or a prompt that never played fails here,
 * where the event-text checks of banking-e2e.test.ts would pass.
 */
import test from 'ava';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAmountFen, speechText } from '../../src/voice/readings/index.js';
import { matchSequence } from '../helpers/prompt-match.js';
import { readWav } from '../helpers/wav.js';
import { Caller, IvrWorld, PROMPTS_DIR } from './harness.js';
import { dialCardServices } from './card-caller.js';

let world: IvrWorld;
const dir = mkdtempSync(join(tmpdir(), 'tl-heard-'));

test.before(async () => {
  world = await IvrWorld.start({ today: '2026-03-02', time: '10:00' });
});
test.after.always(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Well above what a different word or silence scores, well below a played file through A-law. */
const SAME = 0.9;

function promptSamples(id: string): Int16Array {
  const file = join(PROMPTS_DIR, 'zh', `${id}.wav`);
  if (!existsSync(file)) throw new Error(`no prompt file ${file}`);
  return readWav(file).samples;
}

test.serial('the balance the bank reads is heard by the caller: every prompt file of it, in order, in the recording of the line', async (t) => {
  const caller = await dialCardServices(world);
  await caller.prompt('menu.card');
  const heardFile = join(dir, 'balance.wav');
  await caller.sim.record(heardFile);
  await caller.press('1');
  const said = await caller.prompt('result.balance');
  // The player reports the balance done when its last sample leaves the bank, a tick or two
  // before the line delivers it: stop recording only once the menu after it has played.
  await caller.prompt('menu.card');
  await caller.event((e) => e.type === 'prompt-done', 'the menu after the balance to finish playing');
  await caller.sim.stopRecording();
  await caller.hangUp();

  const ids = said.prompts.map((p) => p.id);
  // The reading of 5,200.00 yuan is in the list, so the audio check covers the amount itself.
  t.true(Caller.text(said).includes(speechText(readAmountFen(520000, 'zh'), 'zh')), Caller.text(said));
  t.true(ids.length >= 6, ids.join(' '));
  const heard = readWav(heardFile).samples;
  // The recording starts before the key press; the balance follows the core's answer.
  const within = { firstWithin: 3 * 8000 };
  const matches = matchSequence(heard, ids.map(promptSamples), within);
  const report = ids.map((id, i) => `${id}@${matches[i]?.offset ?? '-'}:${(matches[i]?.score ?? 0).toFixed(3)}`).join(' ');
  t.log(report);
  t.is(matches.length, ids.length, report);
  for (const [i, m] of matches.entries()) t.true(m.score >= SAME, `${ids[i]} not heard: ${report}`);

  // Controls on the same recording: a different digit in the amount is not found where the
  // real one was, and a silent line matches nothing.
  const digit = ids.findIndex((id) => /^num\.[1-9]$/.test(id));
  t.true(digit > 0, `a digit in ${ids.join(' ')}`);
  const other = ids[digit] === 'num.3' ? 'num.8' : 'num.3';
  const wrong = matchSequence(heard, ids.map((id, i) => promptSamples(i === digit ? other : id)), within);
  t.true((wrong[digit]?.score ?? 0) < SAME, `${other} instead of ${ids[digit]} scored ${wrong[digit]?.score}`);
  const silent = matchSequence(new Int16Array(heard.length), ids.map(promptSamples), within);
  t.true(silent.every((m) => m.score < SAME), 'silence matched a prompt');
});
