// The libFuzzer targets (native/fuzz/): every committed input once (seeds and the inputs of
// crashes already fixed), then a short fuzzing run of each target. `npm run fuzz` runs them long
// (FUZZ_SECONDS). Needs clang, which scripts/bootstrap.sh installs.
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import test from 'ava';

import { repoRoot } from './native-programs.js';

const execFileAsync = promisify(execFile);
const script = path.join(repoRoot, 'scripts', 'fuzz-native.sh');
const targets = ['wav', 'fax_tiff', 'dahdi_pri', 'audio_socket'] as const;
const shortSeconds = 10;

function haveClang(): boolean {
  try {
    execFileSync('clang++', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function fuzz(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(script, args, { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const clang = haveClang();
const nativeTest = clang ? test.serial : test.serial.skip;
if (!clang) console.warn('fuzz-targets: clang++ is not installed (run scripts/bootstrap.sh); the fuzz targets are skipped');

nativeTest('every committed fuzz input (seeds and fixed crashes) runs clean', async (t) => {
  t.timeout(20 * 60_000); // a first build of the instrumented engine takes minutes on a busy machine
  const r = await fuzz(['regress']);
  t.is(r.code, 0, `${r.stdout}\n${r.stderr}`);
  for (const target of targets) {
    const inputs = readdirSync(path.join(repoRoot, 'native', 'fuzz', 'corpus', target)).length;
    t.true(inputs > 0, `no committed inputs for ${target}`);
    t.regex(r.stdout, new RegExp(`^fuzz-native: ${target}: ${inputs} committed inputs ok$`, 'm'));
  }
});

for (const target of targets) {
  nativeTest(`${target}: ${shortSeconds} s of fuzzing find no crash`, async (t) => {
    t.timeout(20 * 60_000);
    const r = await fuzz(['run', String(shortSeconds), target]);
    t.is(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const runs = /^fuzz-native: \S+: (\d+) runs in/m.exec(r.stdout);
    t.truthy(runs, r.stdout);
    // A target that returns at once on every input would "pass" too: it must have run.
    t.true(Number(runs?.[1]) > 100, `only ${runs?.[1]} runs: ${r.stdout}`);
  });
}
