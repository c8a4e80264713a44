// echo canceller and its 2100 Hz disabler: runs native/test/dsp_echo_test.cpp (with speech made by
// espeak-ng for the talk-off cases) and turns each of its TAP lines into an assertion.
import test from 'ava';

import {
  assertTap,
  buildNativeTests,
  makeSpeech,
  nativeTestTimeoutMs,
  removeSpeech,
  runNativeProgram,
} from './native-programs.js';

test('dsp_echo_test: echo canceller and its 2100 Hz disabler', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  const speech = await makeSpeech();
  try {
    await buildNativeTests();
    assertTap(t, await runNativeProgram('dsp_echo_test', [speech]));
  } finally {
    await removeSpeech(speech);
  }
});
