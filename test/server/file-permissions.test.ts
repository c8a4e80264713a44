/**
 * Files at rest: `tellerline start` creates everything closed to other users (umask 027),
 * refuses to start over data open to them, and warns while keys sit in the data directory.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { checkFilePermissions } from '../../src/config/file-permissions.js';
import { REPO } from '../helpers/telephony.js';

const dirs: string[] = [];
test.after.always(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tl-perm-'));
  dirs.push(dir);
  return dir;
}

function run(configPath: string, until: RegExp): Promise<{ code: number | null; output: string; modes?: Record<string, number> }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'tellerline.js'), 'start', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

function configFile(dir: string, extra: Record<string, unknown> = {}): string {
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({
    server: { port: 0, nodeId: 'perm-node' },
    database: { sqlite: { filename: join(dir, 'data', 'tl.sqlite') } },
    data: { dir: join(dir, 'data'), keysDir: join(dir, 'keys') },
    log: { level: 'info' },
    card: { clock: 'realtime', trunks: 1, stations: 0 },
    sim: { enabled: false },
    coreSim: { enabled: false },
    telephony: { promptsDir: join(REPO, 'var', 'prompts') },
    ...extra,
  }));
  return path;
}

test('the check names data open to other users, and keys kept inside the data directory', (t) => {
  const dir = tempDir();
  mkdirSync(join(dir, 'data', 'recordings'), { recursive: true, mode: 0o750 });
  chmodSync(join(dir, 'data'), 0o750);
  writeFileSync(join(dir, 'data', 'recordings', 'a.wav'), 'x', { mode: 0o644 });
  chmodSync(join(dir, 'data', 'recordings', 'a.wav'), 0o644);
  const report = checkFilePermissions(parseConfig({ data: { dir: join(dir, 'data') }, database: { sqlite: { filename: join(dir, 'data', 'x.sqlite') } } }));
  t.deepEqual(report.problems.length, 1);
  t.regex(report.problems[0]!, /a\.wav is open to other users \(mode 644\)/);
  t.regex(report.warnings.join('\n'), /inside the data directory/);
  chmodSync(join(dir, 'data', 'recordings', 'a.wav'), 0o640);
  t.deepEqual(checkFilePermissions(parseConfig({ data: { dir: join(dir, 'data'), keysDir: join(dir, 'keys') } })), { problems: [], warnings: [] });
});

test('tellerline start refuses data open to other users (exit 3, naming the file)', async (t) => {
  const dir = tempDir();
  mkdirSync(join(dir, 'data'), { recursive: true });
  chmodSync(join(dir, 'data'), 0o755);
  const result = await run(configFile(dir), /listening/);
  t.is(result.code, 3, result.output);
  t.regex(result.output, /data is open to other users \(mode 755\)/);
});

test('tellerline start creates the database, journal and keys closed to other users', async (t) => {
  const dir = tempDir();
  const result = await run(configFile(dir), /"msg":"listening"/);
  t.regex(result.output, /"msg":"listening"/);
  const created: string[] = [];
  const walk = (path: string) => {
    created.push(path);
    if (statSync(path).isDirectory()) for (const e of readdirSync(path)) walk(join(path, e));
  };
  walk(join(dir, 'data'));
  walk(join(dir, 'keys'));
  t.true(created.some((p) => p.endsWith('tl.sqlite')));
  t.true(created.some((p) => p.endsWith('ivr-subject.key')));
  for (const path of created) t.is(statSync(path).mode & 0o007, 0, `${path}: ${(statSync(path).mode & 0o777).toString(8)}`);
});
