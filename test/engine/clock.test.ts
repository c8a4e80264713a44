import test from 'ava';
import { timeout, timer, firstValueFrom, NEVER } from 'rxjs';
import type { Card } from '../../bindings/index.js';
import { openPair, testCard } from '../helpers/card.js';
import { sine } from '../helpers/signal.js';

/**
 * A 60 s prompt and a 30 s timeout started together, with DTMF from the far
 * end at fixed engine times. The same script must yield the same events at
 * the same engine times whether the card free-runs or is paced.
 */
async function script(card: Card): Promise<string[]> {
  const log: string[] = [];
  const [near, far] = await openPair(card, 1);
  const t0 = card.clock.now();
  const at = () => Math.round((card.clock.now() - t0) / 100) * 100;
  near.digits$.subscribe((d) => log.push(`${at()} digit ${d}`));
  card.clock.setTimeout(() => void far.sendDtmf('12'), 5_000);
  card.clock.setTimeout(() => void far.sendDtmf('#'), 45_000);
  const playback = near.play(sine(440, 60_000, -12)).then((r) => log.push(`${at()} playback ${r.reason}`));
  const waited = firstValueFrom(NEVER.pipe(timeout({ first: 30_000, scheduler: card.clock }))).catch(() => log.push(`${at()} timeout`));
  await Promise.all([playback, waited]);
  await firstValueFrom(timer(1000, card.clock));
  log.push(`${at()} end`);
  return log;
}

test('90 s of engine time on a free-running card: same events, same times as when paced', async (t) => {
  const free = testCard({ clock: 'freerun' });
  let freeLog: string[];
  const wall0 = Date.now();
  try {
    freeLog = await script(free);
  } finally {
    await free.close();
  }
  t.log(`free-running: 61 s of engine time in ${((Date.now() - wall0) / 1000).toFixed(2)} s of wall time`);

  // Paced at 10x real time: the engine never waits for JavaScript here.
  const paced = testCard({ clock: 'speed', speed: 10 });
  let pacedLog: string[];
  try {
    pacedLog = await script(paced);
  } finally {
    await paced.close();
  }
  t.deepEqual(freeLog, [
    '5000 digit 1',
    '5200 digit 2',
    '30000 timeout',
    '45000 digit #',
    '60000 playback done',
    '61000 end',
  ]);
  // Paced, JavaScript answers whenever its event loop gets to it, so commands
  // can land a few ticks later (multiplied by the speed-up): the same events
  // in the same order, at times within two seconds (0.2 s of wall time, room
  // for a busy machine's event-loop stalls).
  const parse = (line: string) => ({ ms: Number(line.split(' ')[0]), what: line.split(' ').slice(1).join(' ') });
  t.deepEqual(pacedLog.map((l) => parse(l).what), freeLog.map((l) => parse(l).what));
  pacedLog.forEach((line, i) => {
    const drift = Math.abs(parse(line).ms - parse(freeLog[i]!).ms);
    t.true(drift <= 2000, `${line} vs ${freeLog[i]}`);
  });
});

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
