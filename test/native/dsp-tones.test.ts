// tone strings, zones and the tone generator: runs native/test/dsp_tones_test.cpp and turns each of its TAP
// lines into an assertion.
import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('dsp_tones_test: tone strings, zones and the tone generator', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  assertTap(t, await runNativeProgram('dsp_tones_test'));
});
