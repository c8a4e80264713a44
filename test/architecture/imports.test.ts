/**
 * The import rules of src/ README (layers point down, no cycles, applications meet only
 * through the layers below): .dependency-cruiser.cjs states them, dependency-cruiser checks
 * them. The second test feeds the same rules a small tree that breaks each of them, so a rule
 * that stopped matching anything would be noticed.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const config = join(repo, '.dependency-cruiser.cjs');
const cli = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruise(cwd: string, paths: string[]): Promise<{ violations: Violation[]; totalCruised: number }> {
  // Exit status is non-zero when there are violations; the JSON on stdout says which.
  const result = await run(process.execPath, [cli, ...paths, '--config', config, '--output-type', 'json'], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (err: { stdout?: string; stderr?: string }) => {
      if (!err.stdout) throw new Error(`dependency-cruiser failed: ${err.stderr ?? String(err)}`);
      return { stdout: err.stdout };
    },
  );
  const report = JSON.parse(result.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return report.summary;
}

test('src and bindings have no import cycle and no import that points up a layer', async (t) => {
  const { violations, totalCruised } = await cruise(repo, ['src', 'bindings']);
  t.true(totalCruised > 300, `cruised ${totalCruised} modules`);
  t.deepEqual(
    violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`),
    [],
  );
});

test('the rules catch a cycle, an upward import, an application importing another, and a direct CDR read', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-imports-'));
  try {
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      'package.json': JSON.stringify({ type: 'module' }),
      'src/store/knex.ts': "import { queue } from '../acd/queue.js';\nexport const knex = queue;\n",
      'src/acd/queue.ts': "import { flow } from '../ivr/flow.js';\nimport { cdrRepo } from '../records/store/cdr-repo.js';\nexport const queue = flow + cdrRepo;\n",
      'src/ivr/flow.ts': "import { step } from './step.js';\nexport const flow = step;\n",
      'src/ivr/step.ts': "import { flow } from './flow.js';\nexport const step = 1;\nexport const again = () => flow;\n",
      'src/records/store/cdr-repo.ts': 'export const cdrRepo = 2;\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const { violations } = await cruise(dir, ['src']);
    const found = new Set(violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`));
    for (const expected of [
      'no-upward-from-platform-base: src/store/knex.ts -> src/acd/queue.ts',
      'no-application-to-application: src/acd/queue.ts -> src/ivr/flow.ts',
      'records-tables-through-records: src/acd/queue.ts -> src/records/store/cdr-repo.ts',
      'no-circular: src/ivr/flow.ts -> src/ivr/step.ts',
    ]) {
      t.true(found.has(expected), `${expected}\nfound:\n${[...found].join('\n')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
