import test from 'ava';
import { B_CHANNELS, type Card, type EngineEvent } from '../../bindings/index.js';
import { testCard } from '../helpers/card.js';
import { sine, silence, concat } from '../helpers/signal.js';

// The DSP threads take channels in chunks from a shared cursor, whichever
// thread is free first. What a call hears and what the application sees
// must not depend on that: the same calls give the same events, tick for
// tick and in the same order, on any number of threads.

const PAIRS = 4; // spans 0-3 are the bank's, 4-7 the far ends: 240 channels

async function story(dspThreads: number): Promise<{ events: string[]; results: string[] }> {
  const cables: Array<[number, number]> = [];
  for (let s = 0; s < PAIRS; s++) cables.push([s, s + PAIRS]);
  const card: Card = testCard({ spans: 2 * PAIRS, cables, dspThreads });
  const events: string[] = [];
  const sub = card.events$.subscribe((e: EngineEvent) => {
    if (e.type === 'commandDone') return; // request ids are the bindings' own
    const { tick, span, channel, type, ...rest } = e;
    events.push(`${tick} ${span}/${channel} ${type} ${JSON.stringify({ ...rest, at: undefined })}`);
  });
  try {
    // Start from a tick JavaScript was woken for: from here on the
    // free-running card moves in lockstep with the story.
    await card.clock.sleep(100);
    const list: Array<[number, number]> = [];
    for (let s = 0; s < PAIRS; s++) for (const ts of B_CHANNELS) list.push([s, ts]);
    await Promise.all(list.flatMap(([s, ts]) => [card.channel(s, ts).open(), card.channel(s + PAIRS, ts).open()]));
    const results = await Promise.all(list.map(async ([s, ts], i) => {
      const near = card.channel(s, ts);
      const far = card.channel(s + PAIRS, ts);
      // A prompt the caller interrupts with a key (barge-in), then two
      // prompts queued back to back that play to the end (the second joins
      // the first's playback: one result for both).
      const prompt = concat(silence(20 * (i % 7)), sine(400 + 10 * (i % 40), 1500, -12));
      const [first] = await Promise.all([
        near.play(prompt, { stopOnDtmf: true }),
        far.sendDtmf(String(i % 10), { onMs: 60, offMs: 60 }),
      ]);
      const second = near.play(sine(600, 200 + 20 * (i % 5), -15));
      void near.play(sine(700, 100, -15), { append: true });
      const both = await second;
      return `${s}/${ts} ${first.reason}:${first.itemsDone} ${both.reason}:${both.itemsDone}`;
    }));
    return { events, results };
  } finally {
    sub.unsubscribe();
    await card.close();
  }
}

test('the same calls give the same events in the same ticks on 0, 1 and 3 DSP threads', async (t) => {
  const single = await story(0);
  // Positive control: the story did what it says on every channel.
  t.is(single.results.length, PAIRS * 30);
  t.true(single.results.every((r) => / dtmf:0 /.test(r) && r.endsWith('done:2')), single.results.find((r) => !/ dtmf:0 /.test(r)));
  t.true(single.events.filter((e) => / dtmf /.test(e)).length >= PAIRS * 30 * 2);
  for (const threads of [1, 3]) {
    const run = await story(threads);
    t.deepEqual(run.results, single.results, `${threads} DSP threads: playback results`);
    t.is(run.events.length, single.events.length, `${threads} DSP threads: event count`);
    const firstDiff = run.events.findIndex((e, i) => e !== single.events[i]);
    t.is(firstDiff, -1, `${threads} DSP threads: first difference ${run.events[firstDiff]} vs ${single.events[firstDiff]}`);
  }
});
