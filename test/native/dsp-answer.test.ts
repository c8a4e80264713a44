// Answering-machine detection on synthetic answers: runs native/test/dsp_answer_test.cpp and
// turns each of its TAP lines into an assertion.
import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('dsp_answer_test: answering-machine detection verdicts, timing and block independence', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  assertTap(t, await runNativeProgram('dsp_answer_test'));
});
