import test from 'ava';
import { codeOf } from '../helpers/errors.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPair, testCard } from '../helpers/card.js';
import { estimateFrequency, segments } from '../helpers/signal.js';
import { readWav } from '../helpers/wav.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-tones-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** Plays `tone` on one end for `ms` and returns what the far end received. */
async function capture(tone: string, ms: number, zone = 'cn'): Promise<Int16Array> {
  const card = testCard({ toneZone: zone });
  try {
    const [near, far] = await openPair(card, 1);
    const path = join(dir, `${zone}-${tone.replace(/[^a-z0-9]/gi, '_')}.wav`);
    const rec = await far.record(path, { direction: 'rx', encoding: 'pcm16' });
    await near.playTone(tone);
    await card.clock.sleep(ms);
    await rec.stop();
    return readWav(path).samples;
  } finally {
    await card.close();
  }
}

function cadence(x: Int16Array): { on: number[]; off: number[]; freq: number } {
  const segs = segments(x, -40).slice(1, -1);  // drop partial first/last segments
  const on = segs.filter((s) => s.on).map((s) => s.durationMs);
  const off = segs.filter((s) => !s.on).map((s) => s.durationMs);
  const firstOn = segs.find((s) => s.on)!;
  const from = (firstOn.startMs + 20) * 8;
  const to = from + Math.min(firstOn.durationMs - 40, 300) * 8;
  return { on, off, freq: estimateFrequency(x, from, to) };
}

const within = (value: number, target: number, tolerance: number) => Math.abs(value - target) <= target * tolerance;

test('cn dial tone: continuous 450 Hz', async (t) => {
  const x = await capture('dial', 2000);
  const segs = segments(x, -40).filter((s) => s.durationMs > 50);
  t.is(segs.filter((s) => s.on).length, 1);
  const f = estimateFrequency(x, 800, 8800);
  t.true(within(f, 450, 0.01), `frequency ${f}`);
});

for (const [tone, onMs, offMs, seconds] of [
  ['busy', 350, 350, 4],
  ['congestion', 700, 700, 6],
  ['ringback', 1000, 4000, 16],
] as const) {
  test(`cn ${tone}: 450 Hz, ${onMs} ms on / ${offMs} ms off`, async (t) => {
    const x = await capture(tone, seconds * 1000);
    const c = cadence(x);
    t.true(within(c.freq, 450, 0.01), `frequency ${c.freq}`);
    t.true(c.on.length >= 2 && c.off.length >= 2, `segments on ${c.on} off ${c.off}`);
    for (const d of c.on) t.true(within(d, onMs, 0.1), `on ${d} ms`);
    for (const d of c.off) t.true(within(d, offMs, 0.1), `off ${d} ms`);
  });
}

test('cn vacant-number tone: three short bursts then a long one', async (t) => {
  const x = await capture('vacant', 4000);
  const on = segments(x, -40).filter((s) => s.on).map((s) => s.durationMs);
  const pattern = on.slice(0, 4);
  t.deepEqual(pattern.map((d) => (d < 250 ? 'short' : 'long')), ['short', 'short', 'short', 'long'], `bursts ${on}`);
  for (const d of pattern.slice(0, 3)) t.true(within(d, 100, 0.1), `short ${d}`);
  t.true(within(pattern[3]!, 400, 0.1), `long ${pattern[3]}`);
});

test('itu zone busy tone: 425 Hz', async (t) => {
  const x = await capture('busy', 3000, 'itu');
  const c = cadence(x);
  t.true(within(c.freq, 425, 0.01), `frequency ${c.freq}`);
});

test('a custom tone spec plays too, and unknown tones are refused with a typed error', async (t) => {
  const x = await capture('1004/500,0/500', 3000);
  const c = cadence(x);
  t.true(within(c.freq, 1004, 0.01), `frequency ${c.freq}`);
  for (const d of c.on) t.true(within(d, 500, 0.1));
  const card = testCard();
  try {
    const [near] = await openPair(card, 2);
    const err = await t.throwsAsync(near.playTone('no-such-tone'));
    t.is(codeOf(err), 'ERR_UNKNOWN_TONE');
  } finally {
    await card.close();
  }
});
