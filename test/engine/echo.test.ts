import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPair, testCard } from '../helpers/card.js';
import { levelDbm0, noise, sine } from '../helpers/signal.js';
import { readWav } from '../helpers/wav.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-echo-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** What the near end receives (after its echo canceller) while it talks into an echoing line. */
async function echoLevel(cancel: boolean, talk: Int16Array, label: string): Promise<number> {
  const card = testCard();
  try {
    const [near] = await openPair(card, 1);
    await card.cable(0).impair({ echo: { delayMs: 12, lossDb: 6 } });
    if (cancel) await near.setOptions({ echoCanceller: true });
    const path = join(dir, `${label}.wav`);
    const rec = await near.record(path, { direction: 'rx', encoding: 'pcm16' });
    await near.play(talk);
    await rec.stop();
    const x = readWav(path).samples;
    // Judge the last two seconds, after the canceller has converged.
    return levelDbm0(x, x.length - 16000, x.length - 800);
  } finally {
    await card.close();
  }
}

test('the echo canceller removes a line echo (speexdsp), and can be switched per channel', async (t) => {
  const talk = noise(6000, -12, 42);
  const without = await echoLevel(false, talk, 'off');
  const withEc = await echoLevel(true, talk, 'on');
  t.log(`echo heard: ${without.toFixed(1)} dBm0 without, ${withEc.toFixed(1)} dBm0 with the canceller`);
  t.true(without > -25, `the echo is there without the canceller (${without.toFixed(1)} dBm0)`);
  t.true(without - withEc >= 15, `at least 15 dB of echo return loss enhancement (${(without - withEc).toFixed(1)} dB)`);
});

test('the echo canceller steps aside for a 2100 Hz answer tone', async (t) => {
  // A fax/modem answer tone must pass untouched: after 2100 Hz the canceller
  // bypasses itself, so the echoed tone is heard at full echo level.
  const tone = sine(2100, 5000, -10);
  const without = await echoLevel(false, tone, 'ced-off');
  const withEc = await echoLevel(true, tone, 'ced-on');
  t.true(Math.abs(without - withEc) < 2, `echoed CED: ${without.toFixed(1)} vs ${withEc.toFixed(1)} dBm0`);
});
