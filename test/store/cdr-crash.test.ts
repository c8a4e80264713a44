/**
 * CDR crash safety, on both databases: a server process puts calls up and is killed with
 * SIGKILL; a new server starts on the same database. Every call it acknowledged has its row,
 * the ones left up are closed as SYSTEM_RESTART, the ones it released keep their disposition,
 * and no row is left open.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { useBackends } from '../helpers/backends.js';
import { createServer } from '../../src/server.js';
import { openStore } from '../../src/store/store.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { cdrRepo } from '../../src/records/store/cdr-repo.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { quietLogger } from '../helpers/server.js';

const backends = useBackends(test);
const child = fileURLToPath(new URL('../helpers/cdr-writer-child.ts', import.meta.url));

backends.each('SIGKILL while 30+ calls are up: every acknowledged leg has a row, open ones closed as SYSTEM_RESTART', async (t, ctx) => {
  const tenantId = randomUUID();
  const setup = await openStore(ctx.database);
  await tenantsRepo.insert(setup.knex, { id: tenantId, code: 'crash-bank', name: 'Crash Bank', kind: 'bank', status: 'active' });
  await setup.close();

  const config: ConfigInput = { server: { nodeId: 'crash-node' }, database: ctx.database, data: { dir: join(ctx.dir, 'data') }, log: { level: 'silent' } };
  const proc = spawn(process.execPath, ['--import=tsx', child], { env: { ...process.env, TL_CHILD_CONFIG: JSON.stringify({ config, tenantId }) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const offered = new Set<string>();
  const answered = new Set<string>();
  const released = new Set<string>();
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolveExit) => proc.once('exit', (_code, signal) => resolveExit(signal)));
  await new Promise<void>((resolveEnough, reject) => {
    let buffer = '';
    proc.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [what, legId] = line.split(' ');
        if (what === 'offered') offered.add(legId!);
        if (what === 'answered') answered.add(legId!);
        if (what === 'released') released.add(legId!);
      }
      const up = offered.size - released.size;
      if (up >= 30 && offered.size >= 45) resolveEnough();
    });
    proc.once('exit', () => reject(new Error(`the child exited early: ${stderr}`)));
  });
  proc.kill('SIGKILL');
  t.is(await exited, 'SIGKILL');

  const server = await createServer({ config, logger: quietLogger() });
  try {
    const knex = server.services.store.knex;
    const stillUp = [...offered].filter((id) => !released.has(id));
    t.true(stillUp.length >= 30, `${stillUp.length} calls were up when the process died`);
    t.true(server.startup.closedOnRestart >= stillUp.length, 'start-up closed the legs left open');
    for (const legId of offered) {
      const leg = await cdrRepo.get(knex, legId);
      t.truthy(leg, `leg ${legId} has its row`);
      if (!leg) continue;
      if (released.has(legId)) t.like(leg, { disposition: 'NORMAL', cause: 16 });
      else t.is(leg.disposition, 'SYSTEM_RESTART');
      if (answered.has(legId)) t.truthy(leg.answeredAt, `leg ${legId} keeps its answer time`);
      t.truthy(leg.releasedAt);
    }
    const open = await knex('cdr').whereNull('released_at').count({ n: '*' }).first();
    t.is(Number((open as { n: number | string }).n), 0, 'no row is left open');
  } finally {
    await server.stop(2000);
  }
});
