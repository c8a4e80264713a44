import test from 'ava';
import { B_CHANNELS } from '../../bindings/index.js';
import { testCard } from '../helpers/card.js';

test('120 channels on 4 spans at once: a DTMF string on every channel, every digit detected', async (t) => {
  // Spans 0-3 are the bank's, 4-7 the far ends.
  const card = openCardFor8();
  try {
    const pairs: Array<[number, number]> = [];
    for (let s = 0; s < 4; s++) for (const ts of B_CHANNELS) pairs.push([s, ts]);
    await Promise.all(pairs.flatMap(([s, ts]) => [card.channel(s, ts).open(), card.channel(s + 4, ts).open()]));
    const heard = new Map<string, string>();
    const subs = pairs.map(([s, ts]) =>
      card.channel(s, ts).digits$.subscribe((d) => heard.set(`${s}/${ts}`, (heard.get(`${s}/${ts}`) ?? '') + d)));
    const start = card.clock.now();
    const ticksAtStart = card.stats().ticks;
    const digits = (s: number, ts: number) => `${s}${ts % 10}*${(ts * 7) % 10}#${'ABCD'[ts % 4]}0123456789`.slice(0, 16);
    await Promise.all(pairs.map(([s, ts]) => card.channel(s + 4, ts).sendDtmf(digits(s, ts), { onMs: 60, offMs: 60 })));
    await card.clock.sleep(Math.max(0, 10_000 - (card.clock.now() - start)));
    subs.forEach((s) => s.unsubscribe());
    let wrong = 0;
    for (const [s, ts] of pairs) if (heard.get(`${s}/${ts}`) !== digits(s, ts)) wrong++;
    t.is(wrong, 0);
    t.is(heard.size, 120);
    // The engine ran every tick of those 10 s under this load (none skipped to keep up).
    const ticks = card.stats().ticks - ticksAtStart;
    t.true(ticks >= 10_000 / card.tickMs, `${ticks} ticks in 10 s of engine time`);
    const stats = card.stats();
    t.is(stats.eventsDropped, 0);
    t.is(stats.channelEventsDropped, 0);
  } finally {
    await card.close();
  }

  function openCardFor8() {
    return testCard({ spans: 8, cables: [[0, 4], [1, 5], [2, 6], [3, 7]], dspThreads: 1 });
  }
});
