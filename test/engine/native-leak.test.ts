/**
 * No per-call native leak: calls of every kind through the engine (bench/leak/call-churn.ts)
 * leave the C allocator's in-use bytes where they were, once the calls have ended and
 * JavaScript's garbage is collected.
 *
 * The measure is the growth between N and 3N rounds (after a warm-up that fills the engine's
 * pools and the prompt cache), per call. The tolerance is 1.5 KiB a call. The soak's target (RSS
 * growth under 5 % in an hour: about 10 MB at ~9,000 calls) leaves about 1.1 KiB a call for
 * everything, so a leak this test lets through is one the soak sees within the hour. Below it is
 * noise: the settled reading moves by up to ~0.6 MB between samples on its own (JavaScript-side
 * buffers, the allocator's bookkeeping; measured with bench/leak.ts), which over the 800 calls
 * between N and 3N is ~750 B a call at worst; runs of this test read 30-60 B a call.
 *
 * The positive control runs the same calls, but each IVR call plays a prompt file it has never
 * played: the engine's prompt cache keeps every one (decoded, 1 s = 16 KB), a growth of the size
 * and shape a per-call leak would have (~3 KiB a call over all kinds). The measure must see it,
 * at about its known size.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALL_KINDS, churnCalls, type ChurnRig } from '../../bench/leak/call-churn.js';
import { nativeInUse } from '../../bench/leak/native-memory.js';
import { priRig } from '../helpers/pri.js';
import { writeWav } from '../helpers/wav.js';

const N = 80;
const TOLERANCE_PER_CALL = 1536;
const PROMPT_SAMPLES = 8000;

function prompt(path: string, seed: number): string {
  const samples = new Int16Array(PROMPT_SAMPLES).map((_, k) => Math.round(4000 * Math.sin((k * (seed % 50 + 10)) / 40)));
  writeWav(path, samples);
  return path;
}

test('calls of every kind leave the native in-use memory flat; a known per-call growth is seen', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-native-leak-'));
  const { card, bank, net } = await priRig(1);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const rig: ChurnRig = {
      card, bank: bank[0]!, net: net[0]!, dir,
      prompts: [prompt(join(dir, 'a.wav'), 1), prompt(join(dir, 'b.wav'), 2)],
      faxDocument: join(process.cwd(), 'native', 'fuzz', 'corpus', 'fax_tiff', 'g3-one-page.tif'),
    };
    const round = CALL_KINDS.length;
    await churnCalls(rig, N / 4);
    await churnCalls(rig, N);
    const atN = await nativeInUse();
    const calls = await churnCalls(rig, 2 * N);
    const at3N = await nativeInUse();
    const perCall = (at3N - atN) / calls;
    t.log(`engine calls: ${calls} between N and 3N, in-use ${(atN / 2 ** 20).toFixed(2)} -> ${(at3N / 2 ** 20).toFixed(2)} MB, ${perCall.toFixed(0)} B a call`);
    t.is(calls, 2 * N * round);
    t.true(perCall < TOLERANCE_PER_CALL, `native in-use grew ${perCall.toFixed(0)} B a call`);

    // Positive control: every IVR call now plays a prompt the cache has not seen, and keeps it.
    rig.prompts = Array.from({ length: 2 * N }, (_, i) => prompt(join(dir, `held-${i}.wav`), i));
    const before = await nativeInUse();
    const missesBefore = card.stats().promptCacheMisses;
    const controlCalls = await churnCalls(rig, 2 * N);
    const after = await nativeInUse();
    const held = card.stats().promptCacheMisses - missesBefore;
    const expected = held * PROMPT_SAMPLES * 2;
    const controlPerCall = (after - before) / controlCalls;
    t.log(`control: ${held} prompts held (${(expected / 2 ** 20).toFixed(2)} MB), in-use +${((after - before) / 2 ** 20).toFixed(2)} MB, ${controlPerCall.toFixed(0)} B a call`);
    t.is(held, 2 * N);
    t.true(controlPerCall >= TOLERANCE_PER_CALL, 'the measure sees a per-call growth of this size');
    t.true(after - before > expected * 0.75 && after - before < expected * 1.5, 'and at about its size');
  } finally {
    await card.close();
  }
});
