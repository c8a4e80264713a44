/**
 * The DAHDI backend's native tests (native/test/dahdi_*_test.cpp), built with
 * CMake and run here: every TAP line a program prints becomes an assertion.
 * They need no card -- socketpairs and pipes stand in for DAHDI channels and
 * the timer -- only the DAHDI header (/usr/include/dahdi/user.h), without
 * which the backend is not built at all.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBuildLock } from '../native/native-programs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const buildDir = join(root, 'build-native-tests');
const programs = readdirSync(join(root, 'native', 'test'))
  .filter((f) => /^dahdi_.*_test\.cpp$/.test(f))
  .map((f) => f.replace(/\.cpp$/, ''))
  .sort();
const haveDahdiHeader = existsSync('/usr/include/dahdi/user.h');

interface TapLine {
  ok: boolean;
  number: number;
  name: string;
  directive: string | undefined;
}

/** "ok 3 - name", "not ok 4 - name # detail", "ok 5 - name # SKIP why". */
function parseTap(stdout: string): { lines: TapLine[]; plan: number | undefined } {
  const lines: TapLine[] = [];
  let plan: number | undefined;
  for (const raw of stdout.split('\n')) {
    const planMatch = /^1\.\.(\d+)$/.exec(raw);
    if (planMatch) {
      plan = Number(planMatch[1]);
      continue;
    }
    const m = /^(not )?ok (\d+) - (.*?)(?: # (.*))?$/.exec(raw);
    if (m) lines.push({ ok: m[1] === undefined, number: Number(m[2]), name: m[3] ?? '', directive: m[4] });
  }
  return { lines, plan };
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

if (!haveDahdiHeader) {
  test.skip('DAHDI native tests (no /usr/include/dahdi/user.h: the DAHDI backend is not built here)', () => {});
} else {
  test.before('build the DAHDI native test programs', async (t) => {
    t.timeout(30 * 60_000);  // a first build compiles all of tl_core on a small machine
    await withBuildLock(async () => {
      const configure = run('cmake', ['-S', '.', '-B', buildDir, '-DTL_BUILD_ADDON=OFF', '-DTL_BUILD_TESTS=ON']);
      if (configure.status !== 0) throw new Error(`cmake configure failed:\n${configure.output}`);
      // Only our targets (and tl_core): other native tests are not ours to build.
      const build = run('cmake', ['--build', buildDir, '-j2', '--target', ...programs]);
      if (build.status !== 0) throw new Error(`cmake build failed:\n${build.output.slice(-8000)}`);
    });
  });

  for (const program of programs) {
    test(program, (t) => {
      t.timeout(120_000);
      const r = spawnSync(join(buildDir, program), [], { encoding: 'utf8' });
      const { lines, plan } = parseTap(r.stdout ?? '');
      for (const line of lines) {
        if (line.directive?.startsWith('SKIP')) {
          t.log(`skipped: ${line.name} (${line.directive.slice(4).trim()})`);
          continue;
        }
        t.true(line.ok, `${line.number} - ${line.name}${line.directive ? ` # ${line.directive}` : ''}`);
      }
      t.true(lines.length > 0, 'the program printed TAP results');
      t.is(plan, lines.length, 'the plan matches the results (the program ran to the end)');
      t.is(r.signal, null, `the program was not killed by a signal${r.stderr ? `: ${r.stderr}` : ''}`);
      t.is(r.status, lines.every((l) => l.ok) ? 0 : 1, 'the exit status agrees with the results');
    });
  }
}
