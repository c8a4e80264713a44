import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTellerlineError, openCard } from '../../bindings/index.js';
import { openPair, testCard } from '../helpers/card.js';
import { sine } from '../helpers/signal.js';
import { writeWav } from '../helpers/wav.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-bad-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

async function code(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (err) {
    return isTellerlineError(err) ? err.code : `untyped: ${String(err)}`;
  }
  return undefined;
}

test('WAV files of the wrong format are refused with ERR_WAV_FORMAT and a message that says why', async (t) => {
  const card = testCard();
  try {
    const [near] = await openPair(card, 1);
    const cd = join(dir, 'cd.wav');
    writeWav(cd, sine(440, 100, -10), { sampleRate: 44100, channels: 2 });
    const err = await t.throwsAsync(near.play(cd));
    t.true(isTellerlineError(err, 'ERR_WAV_FORMAT'));
    t.regex(err!.message, /44100 Hz/);
    const eight = join(dir, 'pcm8.wav');
    writeWav(eight, sine(440, 100, -10), { format: 'pcm8' });
    t.is(await code(near.play(eight)), 'ERR_WAV_FORMAT');
    const junk = join(dir, 'junk.wav');
    writeFileSync(junk, 'this is not audio at all');
    t.is(await code(near.play(junk)), 'ERR_WAV_FORMAT');
    t.is(await code(near.play(join(dir, 'missing.wav'))), 'ERR_FILE_NOT_FOUND');
    // The channel still works afterwards.
    t.is((await near.play(sine(440, 100, -10))).reason, 'done');
  } finally {
    await card.close();
  }
});

test('unknown spans and channels, idle channels and bad arguments give typed errors, never a crash', async (t) => {
  const card = testCard();
  try {
    t.is(await code(() => card.channel(0, 16)), 'ERR_UNKNOWN_CHANNEL');
    t.is(await code(() => card.channel(0, 32)), 'ERR_UNKNOWN_CHANNEL');
    t.is(await code(() => card.channel(9, 1)), 'ERR_UNKNOWN_SPAN');
    const idle = card.channel(0, 20);
    t.is(await code(idle.play(sine(440, 100, -10))), 'ERR_CHANNEL_IDLE');
    t.is(await code(idle.sendDtmf('1')), 'ERR_CHANNEL_IDLE');
    t.is(await code(idle.record(join(dir, 'x.wav'))), 'ERR_CHANNEL_IDLE');
    t.is(await code(idle.close()), 'ERR_CHANNEL_IDLE');
    const [near] = await openPair(card, 21);
    t.is(await code(near.open()), 'ERR_CHANNEL_BUSY');
    t.is(await code(near.sendDtmf('12X')), 'ERR_INVALID_ARGUMENT');
    t.is(await code(near.record(join(dir, 'no-such-dir', 'x.wav'))), 'ERR_FILE_NOT_FOUND');
    t.is(await code(card.cable(5).pull()), 'ERR_UNKNOWN_CABLE');
    t.is(await code(near.play([])), 'ERR_INVALID_ARGUMENT');
    t.is(await code(card.span(0).dial({ called: '123' })), 'ERR_NO_SIGNALING');
    t.is(await code(() => openCard({ spans: 2, cables: [[0, 0]] })), 'ERR_CARD_OPEN');
    t.is(await code(() => openCard({ tickMs: 15 as 10 })), 'ERR_INVALID_ARGUMENT');
    t.is(await code(() => openCard({ toneZone: 'atlantis' })), 'ERR_CARD_OPEN');
  } finally {
    await card.close();
  }
});

test('a command on a closed card is refused with ERR_CARD_CLOSED, and pending commands are settled', async (t) => {
  const card = testCard();
  const [near] = await openPair(card, 3);
  const playing = near.play(sine(440, 10_000, -10));
  await card.clock.sleep(100);
  await card.close();
  t.is((await playing).reason, 'closed');
  t.is(await code(near.sendDtmf('1')), 'ERR_CARD_CLOSED');
  t.is(await code(() => card.stats()), undefined);
});

test('a full event queue drops and counts events; the engine never blocks', async (t) => {
  // Real time, a tiny queue, and a JavaScript thread kept busy: DTMF events
  // pile up beyond the soft limit and are dropped, while ticks go on.
  const card = openCard({ spans: 2, cables: [[0, 1]], clock: 'speed', speed: 20, eventSoftLimit: 16, eventHardLimit: 64 });
  try {
    const pairs = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((ts) => openPair(card, ts)));
    const before = card.stats().ticks;
    for (const [, far] of pairs) void far.sendDtmf('1234567890*#1234567890*#', { onMs: 40, offMs: 40 });
    const until = Date.now() + 400;
    while (Date.now() < until) { /* keep the JS thread busy: no batch is taken */ }
    await card.clock.sleep(200);
    const stats = card.stats();
    t.true(stats.ticks - before > 100, `ticks advanced by ${stats.ticks - before}`);
    t.true(stats.eventsDropped > 0, `dropped ${stats.eventsDropped}`);
  } finally {
    await card.close();
  }
});
