// DSP throughput benchmark: builds and runs native/test/dsp_bench.cpp and
// prints its report. The last line is
//   dsp: channels_per_core=<N> spandsp_dtmf_channels_per_core=<M> ratio=<N/M>
// N: channel-seconds per CPU-second of the whole per-channel chain (A-law
// decode, our DTMF receiver, tone generation, A-law encode) on one thread;
// M: spandsp's dtmf_rx alone on the same audio. CPU time, not wall time.
//
//   node --import=tsx bench/dsp.ts [seconds-per-channel] [channels]
import { buildNativeTests, runNativeProgram } from '../test/native/native-programs.js';

const args = process.argv.slice(2);
await buildNativeTests();
const r = await runNativeProgram('dsp_bench', args);
process.stderr.write(r.stderr);
const lines = r.stdout.trimEnd().split('\n');
const last = lines.at(-1) ?? '';
if (r.exitCode !== 0 || !last.startsWith('dsp: ')) {
  process.stdout.write(r.stdout);
  throw new Error(`dsp_bench failed (exit ${String(r.exitCode)})`);
}
process.stdout.write(`${lines.join('\n')}\n`);
