// The engine's real-time helpers: runs native/test/engine_realtime_test.cpp (the clock thread's
// priority-inheriting mutex against a plain one, and the tick profiler's stall report) and turns
// each of its TAP lines into an assertion.
import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('engine_realtime_test: priority inheritance and stall reports', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  assertTap(t, await runNativeProgram('engine_realtime_test'));
});
