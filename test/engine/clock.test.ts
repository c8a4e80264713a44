import test from 'ava';
import { timeout, timer, firstValueFrom, NEVER } from 'rxjs';
import type { Card } from '../../bindings/index.js';
import { openPair, testCard } from '../helpers/card.js';
import { sine } from '../helpers/signal.js';

/**
 * A 60 s prompt and a 30 s timeout started together, with DTMF from the far
 * end at fixed engine times. The same script must yield the same events at
 * the same engine times whether the card free-runs or is paced.
 *
 * Every entry carries the engine time it happened at (the engine's own event
 * time for digits and the playback; the clock's time when JavaScript ran for
 * the timeout), relative to the start, and whether JavaScript scheduled it.
 */
interface Entry {
  what: string;
  ms: number;
  /** Caused by a JavaScript timer on the engine clock (may run late when paced). */
  js: boolean;
}

async function script(card: Card): Promise<{ entries: Entry[]; playbackStartedMs: number }> {
  const entries: Entry[] = [];
  const [near, far] = await openPair(card, 1);
  const t0 = card.clock.now();
  let playbackStartedMs = NaN;
  near.events$.subscribe((e) => {
    if (e.type === 'dtmf' && e.phase === 'start') entries.push({ what: `digit ${e.digit}`, ms: e.at - t0, js: e.digit === '1' || e.digit === '#' });
    if (e.type === 'playbackStarted') playbackStartedMs = e.at - t0;
    if (e.type === 'playbackFinished') entries.push({ what: `playback ${e.reason}`, ms: e.at - t0, js: false });
  });
  card.clock.setTimeout(() => void far.sendDtmf('12'), 5_000);
  card.clock.setTimeout(() => void far.sendDtmf('#'), 45_000);
  const playback = near.play(sine(440, 60_000, -12));
  const waited = firstValueFrom(NEVER.pipe(timeout({ first: 30_000, scheduler: card.clock }))).catch(() => entries.push({ what: 'timeout', ms: card.clock.now() - t0, js: true }));
  await Promise.all([playback, waited]);
  await firstValueFrom(timer(1000, card.clock));
  entries.push({ what: 'end', ms: card.clock.now() - t0, js: true });
  return { entries, playbackStartedMs };
}

const rounded = (entries: Entry[]) => entries.map((e) => `${Math.round(e.ms / 100) * 100} ${e.what}`);

test('90 s of engine time on a free-running card: same events, same times as when paced', async (t) => {
  const free = testCard({ clock: 'freerun' });
  let freeRun: Awaited<ReturnType<typeof script>>;
  try {
    freeRun = await script(free);
  } finally {
    await free.close();
  }
  t.deepEqual(rounded(freeRun.entries), [
    '5000 digit 1',
    '5200 digit 2',
    '30000 timeout',
    '45000 digit #',
    '60000 playback done',
    '61000 end',
  ]);

  // Paced at 10x real time: the engine never waits for JavaScript here.
  const paced = testCard({ clock: 'speed', speed: 10 });
  let pacedRun: Awaited<ReturnType<typeof script>>;
  try {
    pacedRun = await script(paced);
  } finally {
    await paced.close();
  }
  // Paced, JavaScript answers whenever its event loop gets to it, so what a JavaScript timer
  // starts can land later than when free-running, by however long the machine took: no time
  // window is asserted for that. What the engine times itself must be exact, and nothing may
  // happen early.
  const what = (entries: Entry[]) => entries.map((e) => e.what);
  t.deepEqual(what(pacedRun.entries), what(freeRun.entries));
  const at = (run: typeof pacedRun, name: string) => run.entries.find((e) => e.what === name)!.ms;
  // The engine spaces the two digits of one sendDtmf, and plays 60 s of audio in 60 s.
  t.is(at(pacedRun, 'digit 2') - at(pacedRun, 'digit 1'), at(freeRun, 'digit 2') - at(freeRun, 'digit 1'));
  t.is(at(pacedRun, 'playback done') - pacedRun.playbackStartedMs, at(freeRun, 'playback done') - freeRun.playbackStartedMs);
  for (const e of pacedRun.entries.filter((x) => x.js)) {
    const free = at(freeRun, e.what);
    t.true(e.ms >= free - oneTickMs, `${e.what} at ${e.ms} ms, before its time (${free} ms when free-running)`);
  }
});

/** One tick: the start time t0 is read between ticks. */
const oneTickMs = 20;

test('the engine clock is an RxJS scheduler: timer() and sleep() follow engine time', async (t) => {
  const card = testCard();
  try {
    const start = card.clock.now();
    await card.clock.sleep(12_340);
    t.is(card.clock.now() - start, 12_340);
    await firstValueFrom(timer(660, card.clock));
    t.is(card.clock.now() - start, 13_000);
    t.true(card.clock.wallTime() instanceof Date);
  } finally {
    await card.close();
  }
});

test('holding the clock stops engine time while JavaScript awaits something else', async (t) => {
  const card = testCard();
  try {
    await card.clock.sleep(100);
    const release = card.hold();
    const before = card.stats().ticks;
    await new Promise((r) => setTimeout(r, 50));
    const during = card.stats().ticks;
    release();
    await card.clock.sleep(100);
    t.true(during - before <= 2, `ticks while held: ${during - before}`);
    t.true(card.stats().ticks > during);
  } finally {
    await card.close();
  }
});
