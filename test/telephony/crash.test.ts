import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnex } from '../../src/store/knex.js';
import { sqliteConfig } from '../helpers/backends.js';
import { REPO } from '../helpers/telephony.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-crash-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** The simulator token the running server wrote for local clients (a new one at every start). */
const simToken = () => readFileSync(join(dir, 'data', 'sim-api.token'), 'utf8').trim();

interface Running {
  child: ChildProcess;
  simUrl: string;
  output: string[];
}

function startServer(configPath: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'tellerline.js'), 'start', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    let simUrl = '';
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('\n')}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        output.push(line);
        try {
          const j = JSON.parse(line) as { msg?: string; port?: number; host?: string };
          if (j.msg === 'simulator control API listening') simUrl = `http://${j.host}:${j.port}`;
          if (j.msg === 'listening') {
            clearTimeout(timer);
            resolve({ child, simUrl, output });
          }
        } catch {
          // not JSON
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output.join('\n')}`)));
  });
}

test('kill -9 with 30 calls up: after restart every call has its CDR, the open ones closed as SYSTEM_RESTART, nothing lost', async (t) => {
  const dbFile = join(dir, 'tl.sqlite');
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({
    server: { port: 0, nodeId: 'crash-node' },
    database: { sqlite: { filename: dbFile } },
    data: { dir: join(dir, 'data') },
    log: { level: 'info' },
    card: { clock: 'realtime', trunks: 1, stations: 0 },
    sim: { port: 0 },
    coreSim: { enabled: false },
    telephony: { promptsDir: join(REPO, 'var', 'prompts') },
  }));
  const first = await startServer(configPath);
  // Through the store's own driver choice: better-sqlite3 12 cannot load on Node 22 and later.
  const knex = createKnex(sqliteConfig(dbFile));
  try {
    // 30 callers on the line-test number, each staying on the line.
    const calls = Array.from({ length: 30 }, (_, i) =>
      fetch(`${first.simUrl}/sim/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${simToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: '95500', from: `1380000${String(i).padStart(4, '0')}`, hangupAfterMs: 600_000 }),
      }).then((r) => r.text()).catch(() => 'cut off'));
    let answered = 0;
    for (let i = 0; i < 600 && answered < 30; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answered = Number((await knex('cdr').whereNotNull('answered_at').count({ n: '*' }))[0]!.n);
    }
    t.is(answered, 30, 'all 30 calls answered and recorded before the crash');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    await Promise.all(calls);

    const second = await startServer(configPath);
    try {
      const rows = await knex('cdr').select('*');
      t.is(rows.length, 30);
      t.true(rows.every((r: { disposition: string }) => r.disposition === 'SYSTEM_RESTART'), JSON.stringify(rows.map((r: { disposition: string }) => r.disposition)));
      t.true(rows.every((r: { released_at: unknown }) => r.released_at !== null));
      const callers = new Set(rows.map((r: { calling: string }) => r.calling));
      t.is(callers.size, 30);
      // The restarted server takes calls again.
      const res = await fetch(`${second.simUrl}/sim/calls`, { method: 'POST', headers: { authorization: `Bearer ${simToken()}`, 'content-type': 'application/json' }, body: JSON.stringify({ to: '95500', from: '13900000001', hangupAfterMs: 3000 }) });
      const text = await res.text();
      t.regex(text, /"event":"done"/);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  } finally {
    await knex.destroy();
  }
});
