/**
 * `npm run bench`: runs every benchmark in its own process, one after the
 * other (they measure CPU and must not share it), then repeats their summary
 * lines at the end in a fixed order.
 *
 * Env: BENCH_ONLY=engine,pri to run a subset.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const order = ['dsp', 'engine', 'pri', 'gateway', 'ivr', 'acd', 'fax', 'fax-native', 'amd', 'web', 'outbound', 'outbound-card', 'records'];
const only = process.env.BENCH_ONLY?.split(',');
const summary: string[] = [];

for (const name of order) {
  if (only && !only.includes(name)) continue;
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) continue;
  console.log(`--- ${name}`);
  const lines = await new Promise<string[]>((resolve) => {
    const out: string[] = [];
    const child = spawn(process.execPath, ['--import=tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.setEncoding('utf8');
    let buffer = '';
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        console.log(line);
        out.push(line);
      }
    });
    child.on('close', (code) => {
      if (buffer) out.push(buffer);
      if (code !== 0) out.push(`${name}: failed (exit ${code})`);
      resolve(out);
    });
  });
  const last = [...lines].reverse().find((l) => l.startsWith(`${name}:`));
  summary.push(last ?? `${name}: no result`);
}

// The outbound line carries the answering-machine detection's accuracy too: `amd`
// measures it on its corpus in its own process, and its figures are repeated on `outbound:`.
const amdLine = summary.find((l) => /^amd: people_pct=/.test(l));
const outboundAt = summary.findIndex((l) => /^outbound: agents=/.test(l));
if (amdLine && outboundAt >= 0) {
  const people = /people_pct=(\S+)/.exec(amdLine)?.[1];
  const machines = /machines_pct=(\S+)/.exec(amdLine)?.[1];
  const babble = /people_babble_pct=(\S+)/.exec(amdLine)?.[1];
  summary[outboundAt] += ` amd_people_pct=${people} amd_machines_pct=${machines} amd_people_babble_pct=${babble}`;
}

console.log('--- summary');
for (const line of summary) console.log(line);
