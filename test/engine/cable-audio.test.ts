import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPair, testCard } from '../helpers/card.js';
import { readWav } from '../helpers/wav.js';
import { concat, findOffset, noise, silence, sine } from '../helpers/signal.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-cable-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('playback on one end reaches the far end, and a recording there holds exactly what was sent', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 5);
    const path = join(dir, 'far-rx.wav');
    const recording = await far.record(path, { direction: 'rx', encoding: 'pcm16' });
    const signal = concat(silence(100), noise(1000, -15, 7), sine(1000, 500, -10));
    const played = await near.play(signal);
    t.is(played.reason, 'done');
    t.is(played.itemsDone, 1);
    await card.clock.sleep(100);
    const result = await recording.stop();
    t.is(result.reason, 'stopped');
    const wav = readWav(path);
    t.is(wav.sampleRate, 8000);
    // The far end hears the signal after the cable's one-tick delay, through A-law.
    const noisePart = signal.subarray(800, 8800);
    const { offset, match } = findOffset(wav.samples, noisePart, 4000);
    t.true(match > 0.99, `correlation ${match}`);
    t.true(offset >= 800 && offset < 800 + 10 * 160, `offset ${offset}`);
  } finally {
    await card.close();
  }
});

test('a recording of what we send (tx) holds our prompt; a mixed recording holds both directions', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 9);
    const tx = await near.record(join(dir, 'tx.wav'), { direction: 'tx', encoding: 'pcm16' });
    const mixed = await near.record(join(dir, 'mixed.wav'), { direction: 'mixed', encoding: 'pcm16' });
    await Promise.all([near.play(sine(700, 400, -10)), far.play(sine(1900, 400, -10))]);
    await tx.stop();
    await mixed.stop();
    const txWav = readWav(join(dir, 'tx.wav'));
    const mixWav = readWav(join(dir, 'mixed.wav'));
    const { goertzel } = await import('../helpers/signal.js');
    const n = txWav.samples.length;
    t.true(goertzel(txWav.samples, 700, 0, n) > 100 * goertzel(txWav.samples, 1900, 0, n));
    const m = mixWav.samples.length;
    t.true(goertzel(mixWav.samples, 700, 0, m) > 1e4);
    t.true(goertzel(mixWav.samples, 1900, 0, m) > 1e4);
  } finally {
    await card.close();
  }
});

test('a paused recording holds silence for the paused stretch, then audio again (secure entry)', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 12);
    const path = join(dir, 'paused.wav');
    const rec = await far.record(path, { direction: 'rx', encoding: 'pcm16' });
    void near.play(sine(800, 3000, -10));
    await card.clock.sleep(1000);
    await rec.pause();
    await card.clock.sleep(1000);
    await rec.resume();
    await card.clock.sleep(1000);
    await rec.stop();
    const { levelDbm0 } = await import('../helpers/signal.js');
    const x = readWav(path).samples;
    // Recording time keeps going while paused: seconds 1-2 are silence, 0-1 and 2-3 hold the tone.
    t.true(levelDbm0(x, 2400, 7200) > -15);
    t.true(levelDbm0(x, 8800, 15200) < -60, `paused stretch at ${levelDbm0(x, 8800, 15200).toFixed(1)} dBm0`);
    t.true(levelDbm0(x, 16800, 22400) > -15);
  } finally {
    await card.close();
  }
});
