/**
 * The `tellerline` command: help for every command, migrate (status, stale lock, --unlock),
 * create-admin with the password on standard input (run in-process through main(), which is
 * what bin/tellerline.js calls), and as real processes through bin/tellerline.js from another
 * working directory: start refusing an unreachable database, start serving and stopping
 * cleanly on SIGTERM.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { createStore } from '../../src/store/store.js';
import { sqliteConfig } from '../helpers/backends.js';
import { freePort } from '../helpers/mariadb.js';

const bin = fileURLToPath(new URL('../../bin/tellerline.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tellerline-cli-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function envFor(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'] };
  return { ...env, TELLERLINE_DATA_DIR: join(dir, name, 'data'), TELLERLINE_DATABASE_SQLITE_FILENAME: join(dir, name, 'db.sqlite'), TELLERLINE_SECURITY_SCRYPT_LOG2_N: '10', TELLERLINE_LOG_LEVEL: 'info', ...extra };
}

/** In-process, through the same main() the launcher calls. */
async function run(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, { stdout, stderr, stdin: Readable.from(stdin === undefined ? [] : [stdin]), env });
  return { code, stdout: out, stderr: err };
}

/** As a separate process through bin/tellerline.js, from another working directory. */
function spawnRun(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<Run> {
  return new Promise((resolveRun) => {
    const proc = spawn(process.execPath, [bin, ...args], { cwd: tmpdir(), env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdin.end(stdin ?? '');
    proc.once('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

test.serial('every command has --help; unknown commands and options are usage errors', async (t) => {
  const env = envFor('help');
  const top = await spawnRun(['--help'], env);
  t.is(top.code, 0, top.stderr);
  for (const name of ['start', 'migrate', 'create-admin']) {
    t.regex(top.stdout, new RegExp(`^  ${name} `, 'm'));
    const help = await run([name, '--help'], env);
    t.is(help.code, 0, name);
    t.regex(help.stdout, new RegExp(`Usage: tellerline ${name}`));
    t.regex(help.stdout, /--config/);
  }
  t.regex((await run(['start', '--help'], env)).stdout, /TELLERLINE_DATABASE_MYSQL_HOST/);
  t.is((await run(['frobnicate'], env)).code, 2);
  t.is((await run(['migrate', '--bogus'], env)).code, 2);
  t.is((await run(['create-admin', '--username', 'x-admin', '--password', 'Secret-Pass-123'], env)).code, 2, 'no password on the command line');
});

test.serial('migrate: status, apply, a stale lock refused with the way out, --unlock', async (t) => {
  const env = envFor('migrate');
  const before = await run(['migrate', '--status'], env);
  t.is(before.code, 0);
  t.regex(before.stdout, /pending:\s+0001_tenants_and_operators/);
  const applied = await run(['migrate'], env);
  t.is(applied.code, 0, applied.stderr);
  t.regex(applied.stdout, /applied: 0001_tenants_and_operators/);
  const store = createStore(sqliteConfig(join(dir, 'migrate', 'db.sqlite')));
  await store.knex('knex_migrations_lock').update({ is_locked: 1 });
  await store.close();
  const locked = await run(['migrate'], env);
  t.is(locked.code, 5);
  t.regex(locked.stderr, /tellerline migrate --unlock/);
  t.regex((await run(['migrate', '--status'], env)).stdout, /lock:\s+HELD/);
  const unlocked = await run(['migrate', '--unlock'], env);
  t.is(unlocked.code, 0);
  t.regex(unlocked.stdout, /released/);
  const again = await run(['migrate'], env);
  t.is(again.code, 0);
  t.regex(again.stdout, /already up to date/);
});

test.serial('create-admin takes the password from standard input and enforces the policy', async (t) => {
  const env = envFor('admin');
  const weak = await run(['create-admin', '--username', 'chief', '--password-stdin'], env, 'short\n');
  t.is(weak.code, 2);
  t.regex(weak.stderr, /at least 12 characters/);
  const ok = await run(['create-admin', '--username', 'chief', '--password-stdin'], env, 'Platform-Pass-2024\n');
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /created platform_admin chief/);
  const bank = await run(['create-admin', '--username', 'bank-a-admin', '--role', 'bank_admin', '--tenant', 'bank-a', '--tenant-name', 'Bank A', '--password-stdin'], env, 'Bank-Admin-Pass-1\n');
  t.is(bank.code, 0, bank.stderr);
  t.regex(bank.stdout, /created tenant bank-a/);
  const dup = await run(['create-admin', '--username', 'chief', '--password-stdin'], env, 'Platform-Pass-2024\n');
  t.is(dup.code, 1);
  t.regex(dup.stderr, /taken/);
  const noTty = await run(['create-admin', '--username', 'chief2'], env);
  t.not(noTty.code, 0);
  t.regex(noTty.stderr, /--password-stdin/);
  const store = createStore(sqliteConfig(join(dir, 'admin', 'db.sqlite')));
  const audit = await store.knex('audit_log').where({ action: 'operators.create' });
  await store.close();
  t.is(audit.length, 2);
  t.false(JSON.stringify(audit).includes('Platform-Pass-2024'));
});

test.serial('start refuses an unreachable database with a message naming it, and exits non-zero', async (t) => {
  const port = await freePort();
  const res = await spawnRun(['start'], envFor('down', { TELLERLINE_DATABASE_CLIENT: 'mysql', TELLERLINE_DATABASE_MYSQL_PORT: String(port), TELLERLINE_DATABASE_MYSQL_USER: 'teller' }));
  t.is(res.code, 4);
  t.regex(res.stderr, new RegExp(`cannot start: cannot reach the database \\(MySQL/MariaDB database 'tellerline' at 127\\.0\\.0\\.1:${port} as user 'teller'\\): ECONNREFUSED`));
  const bad = await run(['start'], envFor('bad', { TELLERLINE_SERVER_PORT: 'http' }));
  t.is(bad.code, 3);
  t.regex(bad.stderr, /server\.port \(from TELLERLINE_SERVER_PORT\)/);
});

test.serial('start serves, and SIGTERM stops it cleanly with exit 0', async (t) => {
  const port = await freePort();
  const proc = spawn(process.execPath, [bin, 'start'], { cwd: tmpdir(), env: envFor('serve', { TELLERLINE_SERVER_PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  t.teardown(() => {
    proc.kill('SIGKILL');
  });
  for (let i = 0; i < 2400 && !stdout.includes('"listening"'); i++) await new Promise((r) => setTimeout(r, 25));
  t.regex(stdout, /"msg":"listening"/);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  t.is(health.status, 200);
  proc.kill('SIGTERM');
  t.is(await exited, 0);
  t.regex(stdout, /"msg":"stopped"/);
});
