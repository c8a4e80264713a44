// G.711 companding and dBm0 levels: runs native/test/dsp_g711_test.cpp and turns each of its TAP
// lines into an assertion.
import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('dsp_g711_test: G.711 companding and dBm0 levels', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  assertTap(t, await runNativeProgram('dsp_g711_test'));
});
