// DTMF receivers (ITU-T Q.24) and generator: runs native/test/dsp_dtmf_test.cpp (with speech made
// by espeak-ng for the talk-off cases) and turns each of its TAP lines into an assertion.
import test from 'ava';

import {
  assertTap,
  buildNativeTests,
  makeSpeech,
  nativeTestTimeoutMs,
  removeSpeech,
  runNativeProgram,
} from './native-programs.js';

test('dsp_dtmf_test: DTMF receivers (ITU-T Q.24) and generator', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  const speech = await makeSpeech();
  try {
    await buildNativeTests();
    assertTap(t, await runNativeProgram('dsp_dtmf_test', [speech]));
  } finally {
    await removeSpeech(speech);
  }
});
