// Native fax benchmark: builds and runs native/test/fax_session_test.cpp in
// --bench mode (six 3-page V.17 faxes back to back, ECM and not) and prints
// its figures. The last line is
//   fax-native: send_channels_per_core=<S> receive_channels_per_core=<R>
// S, R: line seconds per CPU second of one FaxSession sending / receiving,
// between its phase B and phase E, i.e. how many channels in their data
// phase one core could carry. CPU time, not wall time.
//
//   node --import=tsx bench/fax-native.ts
import { buildNativeTests, runNativeProgram } from '../test/native/native-programs.js';

await buildNativeTests();
const r = await runNativeProgram('fax_session_test', ['--bench']);
process.stderr.write(r.stderr);
const figure = r.stdout.split('\n').find((l) => l.startsWith('fax-native: '));
if (r.exitCode !== 0 || !figure) {
  process.stdout.write(r.stdout);
  throw new Error(`fax_session_test --bench failed (exit ${String(r.exitCode)})`);
}
for (const c of r.comments) {
  if (!/^\d+ passed, \d+ failed$/.test(c)) process.stdout.write(`# ${c}\n`);
}
process.stdout.write(`${figure}\n`);
