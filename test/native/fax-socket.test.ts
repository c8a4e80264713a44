// The external fax peer for --audio-socket (native/test/fax_socket_peer.cpp)
// against a stand-in for the engine's socket (native/test/fax_socket_test.cpp):
// send and receive through lockstep 160-byte A-law frames, hangup, bad
// arguments; each TAP line becomes an assertion.
import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('fax_socket_test: fax_socket_peer over a Unix socket', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  assertTap(t, await runNativeProgram('fax_socket_test'));
});
