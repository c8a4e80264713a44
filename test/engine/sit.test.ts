// The special information tone (950/1400/1800 Hz, then a second of silence) is
// reported as the progress tone 'sit' in the "cn" zone, which has no tone of
// its own on those frequencies; in the "itu" zone it is that zone's vacant tone.
import test from 'ava';
import { filter, firstValueFrom } from 'rxjs';
import { openPair, testCard } from '../helpers/card.js';

const SIT = '950/330,1400/330,1800/330,0/1000';

test('cn: the special information tone is reported as sit, and nothing else is', async (t) => {
  const card = testCard({ toneZone: 'cn' });
  try {
    const [near, far] = await openPair(card, 1);
    await near.setOptions({ progressDetect: true });
    const starts: string[] = [];
    const sub = near.tones$.subscribe((e) => {
      if (e.phase === 'start') starts.push(e.tone);
    });
    const sit = firstValueFrom(near.tones$.pipe(filter((e) => e.tone === 'sit' && e.phase === 'start')));
    await far.playTone(SIT, -15);
    const event = await sit;
    t.true(event.at > 0);
    await far.stopTone();
    await card.clock.sleep(500);
    sub.unsubscribe();
    t.deepEqual(starts, ['sit']);
  } finally {
    await card.close();
  }
});

test('cn: a tone on one SIT frequency alone, or the busy cadence, is not sit', async (t) => {
  const card = testCard({ toneZone: 'cn' });
  try {
    const [near, far] = await openPair(card, 1);
    await near.setOptions({ progressDetect: true });
    const starts: string[] = [];
    const sub = near.tones$.subscribe((e) => {
      if (e.phase === 'start') starts.push(e.tone);
    });
    await far.playTone('950/330,0/330', -15);
    await card.clock.sleep(5000);
    await far.playTone('busy');
    await firstValueFrom(near.tones$.pipe(filter((e) => e.tone === 'busy' && e.phase === 'start')));
    sub.unsubscribe();
    t.deepEqual(starts, ['busy']);
  } finally {
    await card.close();
  }
});

test('itu: the same tone is that zone\'s vacant tone', async (t) => {
  const card = testCard({ toneZone: 'itu' });
  try {
    const [near, far] = await openPair(card, 1);
    await near.setOptions({ progressDetect: true });
    const first = firstValueFrom(near.tones$.pipe(filter((e) => e.phase === 'start')));
    await far.playTone(SIT, -15);
    t.is((await first).tone, 'vacant');
  } finally {
    await card.close();
  }
});
