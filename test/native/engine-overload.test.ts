// When the engine backs off past its capacity: runs native/test/engine_overload_test.cpp (the
// overload guard fed made-up tick times) and turns each of its TAP lines into an assertion.
import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('engine_overload_test: back-off and recovery of the overload guard', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  assertTap(t, await runNativeProgram('engine_overload_test'));
});
