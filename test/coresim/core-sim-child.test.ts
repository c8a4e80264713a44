/**
 * The core-banking simulator a server starts must not outlive it: after `kill -9` of a real
 * `tellerline start`, its simulator child goes too and the next start works on the same ports;
 * and a start stops a simulator left over from an earlier run (pid file), but never an
 * unrelated process whose pid happens to be in the file.
 */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO } from '../helpers/telephony.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-coresim-child-'));
const spawned: ChildProcess[] = [];
test.after.always(() => {
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const entry = join(REPO, 'bin', 'tellerline.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls a condition (the process table has no event to wait on); fails after `limitMs`. */
async function until(what: string, condition: () => boolean, limitMs = 60_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > limitMs) throw new Error(`still waiting for: ${what}`);
    await sleep(50);
  }
}

interface Setup {
  configPath: string;
  pidFile: string;
  ports: { http: number; tcp: number; admin: number };
}

async function setup(name: string): Promise<Setup> {
  const base = join(dir, name);
  mkdirSync(base, { recursive: true });
  const ports = { http: await freePort(), tcp: await freePort(), admin: await freePort() };
  const configPath = join(base, 'config.json');
  writeFileSync(configPath, JSON.stringify({
    server: { port: 0, host: '127.0.0.1' },
    database: { sqlite: { filename: join(base, 'tl.sqlite') } },
    data: { dir: join(base, 'data') },
    log: { level: 'info' },
    card: { clock: 'realtime', trunks: 1, stations: 0 },
    sim: { port: 0 },
    coreSim: { enabled: true, httpPort: ports.http, tcpPort: ports.tcp, adminPort: ports.admin },
    gateway: { adapter: 'tcp', host: '127.0.0.1', port: ports.tcp },
    telephony: { promptsDir: join(REPO, 'var', 'prompts') },
  }));
  return { configPath, pidFile: join(base, 'data', 'core-sim.pid'), ports };
}

/** `tellerline start` as a process; resolves when it listens, rejects with its output if it exits. */
function startServer(configPath: string): Promise<{ child: ChildProcess; output: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, 'start', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(child);
    const output: string[] = [];
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        output.push(line);
        if (line.includes('"msg":"listening"')) resolve({ child, output });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output.join('\n')}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A simulator as an earlier build left it: not watching any parent. */
async function startOrphanedCoreSim(ports: Setup['ports']): Promise<ChildProcess> {
  const child = spawn(process.execPath, [entry, 'core-sim', '--http-port', String(ports.http), '--tcp-port', String(ports.tcp), '--admin-port', String(ports.admin)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  spawned.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('"listening"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`core-sim exited (${code})`)));
  });
  return child;
}

test('kill -9 of the server takes its core-banking simulator with it; the next start works on the same ports', async (t) => {
  const s = await setup('kill9');
  const first = await startServer(s.configPath);
  const simPid = Number(readFileSync(s.pidFile, 'utf8'));
  t.true(isAlive(simPid), 'the simulator child runs while its server does');
  t.true(readFileSync(`/proc/${simPid}/cmdline`, 'utf8').split('\0').includes('core-sim'));

  const exited = new Promise((resolve) => first.child.once('exit', resolve));
  first.child.kill('SIGKILL');
  await exited;
  await until('the simulator child to end after its server was killed', () => !isAlive(simPid));
  t.false(isAlive(simPid));

  const second = await startServer(s.configPath);
  try {
    const res = await fetch(`http://127.0.0.1:${s.ports.admin}/faults`);
    t.is(res.status, 200, 'the new server\'s simulator answers on the same admin port');
    const nextSimPid = Number(readFileSync(s.pidFile, 'utf8'));
    t.not(nextSimPid, simPid);
    t.true(isAlive(nextSimPid));
  } finally {
    await stopServer(second.child);
  }
  t.false(existsSync(s.pidFile), 'a clean stop removes the pid file');
});

test('a start stops a simulator left over from an earlier run, found through the pid file', async (t) => {
  const s = await setup('leftover');
  const orphan = await startOrphanedCoreSim(s.ports);
  // Left as a server would have left them: it runs with umask 027.
  mkdirSync(join(s.pidFile, '..'), { recursive: true, mode: 0o750 });
  writeFileSync(s.pidFile, `${orphan.pid}\n`, { mode: 0o640 });
  const orphanGone = new Promise((resolve) => orphan.once('exit', resolve));

  const server = await startServer(s.configPath);
  try {
    await orphanGone;
    t.false(isAlive(orphan.pid!), 'the leftover simulator was stopped');
    t.true(server.output.some((l) => l.includes('left over from an earlier run')), 'the log says so');
    const res = await fetch(`http://127.0.0.1:${s.ports.admin}/faults`);
    t.is(res.status, 200);
  } finally {
    await stopServer(server.child);
  }
});

test('a pid file naming a process that is not a core-sim leaves that process alone', async (t) => {
  const s = await setup('stranger');
  const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  spawned.push(stranger);
  // Left as a server would have left them: it runs with umask 027.
  mkdirSync(join(s.pidFile, '..'), { recursive: true, mode: 0o750 });
  writeFileSync(s.pidFile, `${stranger.pid}\n`, { mode: 0o640 });

  const server = await startServer(s.configPath);
  try {
    t.true(isAlive(stranger.pid!), 'an unrelated process is never killed');
    t.true(server.output.some((l) => l.includes('not a core-banking simulator')));
    const simPid = Number(readFileSync(s.pidFile, 'utf8'));
    t.not(simPid, stranger.pid, 'the file now names the new simulator');
  } finally {
    await stopServer(server.child);
    stranger.kill('SIGKILL');
  }
});

test('with stdin not a pipe (/dev/null), the simulator keeps running and still ends when its parent is killed', async (t) => {
  const ports = { http: await freePort(), tcp: await freePort(), admin: await freePort() };
  // A stand-in parent: starts core-sim with stdin from /dev/null and reports the child's pid.
  const program = `
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, [${JSON.stringify(entry)}, 'core-sim', '--parent-pid', String(process.pid),
      '--http-port', '${ports.http}', '--tcp-port', '${ports.tcp}', '--admin-port', '${ports.admin}'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (c) => { if (String(c).includes('"listening"')) console.log(child.pid); });
    setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
  spawned.push(parent);
  const simPid = await new Promise<number>((resolve, reject) => {
    parent.stdout!.once('data', (c: Buffer) => resolve(Number(String(c).trim())));
    parent.once('exit', (code) => reject(new Error(`stand-in parent exited (${code})`)));
  });
  // /dev/null ends at once: that must not be taken for the parent's death.
  const health = await fetch(`http://127.0.0.1:${ports.admin}/health`);
  t.is(health.status, 200);
  t.true(isAlive(simPid));

  const exited = new Promise((resolve) => parent.once('exit', resolve));
  parent.kill('SIGKILL');
  await exited;
  await until('the simulator to notice it was handed to another parent', () => !isAlive(simPid));
  t.false(isAlive(simPid));
});
