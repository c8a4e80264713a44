// T.30 fax sessions back to back (native/test/fax_session_test.cpp): 3-page
// transfers with and without ECM at V.17/V.29/V.27ter through A-law, CNG and
// CED, failures (silent far end, not a fax, music, abort, bad documents),
// -40 dBm0 line noise; each TAP line becomes an assertion, figures go to the log.
import test from 'ava';

import { assertTap, buildNativeTests, nativeTestTimeoutMs, runNativeProgram } from './native-programs.js';

test('fax_session_test: T.30 fax sessions back to back in simulated time', async (t) => {
  t.timeout(nativeTestTimeoutMs);
  await buildNativeTests();
  assertTap(t, await runNativeProgram('fax_session_test'));
});
