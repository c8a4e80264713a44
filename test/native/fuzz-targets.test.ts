// The libFuzzer targets (native/fuzz/): every committed input once (seeds and the inputs of
// crashes already fixed), a planted bug in each that the fuzzer must find, then a short fuzzing
// run of each target. `npm run fuzz` runs them long (FUZZ_SECONDS). Needs clang, which
// scripts/bootstrap.sh installs.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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

// A short run that finds nothing proves nothing unless the fuzzer gets through the harness into
// the code under test: each target, built with a planted bug (TL_FUZZ_CANARY) that only a mutant
// reaching that code fires, must have it found from its seeds. The script also checks that no
// seed fires it alone and that the input it found is harmless to the real target.
nativeTest('positive control: every target finds its planted bug from the seeds', async (t) => {
  t.timeout(20 * 60_000);
  const r = await fuzz(['canary']);
  t.is(r.code, 0, `${r.stdout}\n${r.stderr}`);
  for (const target of targets) {
    const found = new RegExp(`^fuzz-native: ${target}: canary found after (\\d+) runs in [\\d.]+ s \\(input: (\\S+)\\)$`, 'm').exec(r.stdout);
    t.truthy(found, `${target}: ${r.stdout}`);
    if (!found) continue;
    t.true(Number(found[1]) > 0);
    t.true(existsSync(path.join(repoRoot, found[2]!)), `${target}: the crash input ${found[2]} was written`);
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
