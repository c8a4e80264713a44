// The engine's real-time threads make no allocator call once calls run: runs
// native/test/engine_alloc_test.cpp (a counting malloc for its own process;
// play, record, tones, DTMF, echo canceller, answer detection, conferences on
// a timeslot the warm-up never used; a PRI call, whose libpri allocations are
// reported as a figure; and the positive control that an allocation on the
// clock thread is counted) and turns each TAP line into an assertion.
import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('engine_alloc_test: no allocation on tl-clock or tl-dsp-N after warm-up', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  assertTap(t, await runNativeProgram('engine_alloc_test'));
});
