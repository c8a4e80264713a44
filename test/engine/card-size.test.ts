import test from 'ava';
import { isTellerlineError, openCard } from '../../bindings/index.js';
import { sine } from '../helpers/signal.js';

// The engine benchmark ramps past 3,840 channels (256 spans in cabled pairs):
// the virtual card takes up to 2,048 spans.

test('a virtual card of 2,049 spans is refused with a message that gives the limit', (t) => {
  const err = t.throws(() => openCard({ spans: 2049, clock: 'freerun', cables: [[0, 1]] }));
  t.true(isTellerlineError(err), String(err));
  t.regex(err!.message, /2048/);
});

test('a virtual card of 300 spans carries audio on its last cable', async (t) => {
  const card = openCard({ spans: 300, clock: 'freerun', cables: [[0, 1], [298, 299]] });
  try {
    const near = card.channel(298, 1);
    const far = card.channel(299, 1);
    await Promise.all([near.open(), far.open()]);
    const heard: string[] = [];
    const sub = far.digits$.subscribe((d) => heard.push(d));
    await near.sendDtmf('47#', { onMs: 60, offMs: 60 });
    await card.clock.sleep(200);
    sub.unsubscribe();
    t.is(heard.join(''), '47#');
    t.is((await near.play(sine(440, 100, -10))).reason, 'done');
  } finally {
    await card.close();
  }
});
