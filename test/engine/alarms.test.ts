import test from 'ava';
import { firstValueFrom, filter } from 'rxjs';
import { alarmNames } from '../../bindings/index.js';
import { openPair, testCard } from '../helpers/card.js';
import { goertzel, sine } from '../helpers/signal.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWav } from '../helpers/wav.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-alarms-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('pulling the cable raises RED/LOS on both spans and silences the line; restoring clears both', async (t) => {
  const card = testCard();
  try {
    const a = card.span(0);
    const b = card.span(1);
    t.is(a.alarms, 0);
    const raisedA = firstValueFrom(a.alarms$.pipe(filter((x) => x !== 0)));
    const raisedB = firstValueFrom(b.alarms$.pipe(filter((x) => x !== 0)));
    await card.cable(0).pull();
    t.deepEqual(alarmNames(await raisedA), ['red', 'los']);
    t.deepEqual(alarmNames(await raisedB), ['red', 'los']);

    // No audio crosses a pulled cable.
    const [near, far] = await openPair(card, 4);
    const rec = await far.record(join(dir, 'pulled.wav'), { direction: 'rx', encoding: 'pcm16' });
    await near.play(sine(1000, 300, -10));
    await rec.stop();
    const x = readWav(join(dir, 'pulled.wav')).samples;
    t.true(x.length >= 300 * 8, `the capture ran (${x.length} samples)`);
    t.true(goertzel(x, 1000, 0, x.length) < 10);

    const clearedA = firstValueFrom(a.alarms$.pipe(filter((x) => x === 0)));
    const clearedB = firstValueFrom(b.alarms$.pipe(filter((x) => x === 0)));
    await card.cable(0).restore();
    t.is(await clearedA, 0);
    t.is(await clearedB, 0);
    t.is((await a.status()).alarms, 0);

    // Positive control: the same tone, recorded the same way, crosses the restored cable.
    const restored = await far.record(join(dir, 'restored.wav'), { direction: 'rx', encoding: 'pcm16' });
    await near.play(sine(1000, 300, -10));
    await restored.stop();
    const y = readWav(join(dir, 'restored.wav')).samples;
    t.true(goertzel(y, 1000, 0, y.length) > 1e5, 'the tone is heard once the cable is back');
  } finally {
    await card.close();
  }
});

test('a span on no cable is in RED alarm from the start', async (t) => {
  const card = testCard({ spans: 3, cables: [[0, 1]] });
  try {
    const status = await card.span(2).status();
    t.deepEqual(alarmNames(status.alarms), ['red', 'los']);
  } finally {
    await card.close();
  }
});

test('a frame slip is reported and audio keeps flowing', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 6);
    const slips: number[] = [];
    const sub = card.events$.subscribe((e) => {
      if (e.type === 'slip') slips.push(e.direction);
    });
    await card.cable(0).slip(0, 1);
    await card.cable(0).slip(0, -1);
    const digits: string[] = [];
    const sub2 = far.digits$.subscribe((d) => digits.push(d));
    await near.sendDtmf('2580');
    await card.clock.sleep(200);
    sub.unsubscribe();
    sub2.unsubscribe();
    t.deepEqual(slips, [1, -1]);
    t.is(digits.join(''), '2580');
  } finally {
    await card.close();
  }
});

test('noise injected at -30 dBm0 does not stop DTMF detection', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 8);
    await card.cable(0).impair({ noiseDbm0: -30 });
    const digits: string[] = [];
    const sub = far.digits$.subscribe((d) => digits.push(d));
    await near.sendDtmf('0123456789*#', { levelDbm0: -10 });
    await card.clock.sleep(200);
    sub.unsubscribe();
    t.is(digits.join(''), '0123456789*#');
  } finally {
    await card.close();
  }
});
