// WAV reader and writer: runs native/test/dsp_wav_test.cpp in a temporary directory and
// turns each of its TAP lines into an assertion.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('dsp_wav_test: WAV reader and writer', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  const dir = await mkdtemp(path.join(tmpdir(), 'tl-wav-'));
  try {
    assertTap(t, await runNativeProgram('dsp_wav_test', [dir]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
