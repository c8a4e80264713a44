// DTMF talk-off on music: runs native/test/dsp_dtmf_music_test.cpp, which generates 32 minutes
// of music (notes, octave pairs, dyads, chords, slides, vibrato; through A-law) and expects our
// receiver to find no digit in it, and turns each of its TAP lines into an assertion.
import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('dsp_dtmf_music_test: no DTMF digits in 32 minutes of music', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  assertTap(t, await runNativeProgram('dsp_dtmf_music_test'));
});
