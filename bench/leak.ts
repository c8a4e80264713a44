/**
 * Is the native memory growth of a long run a per-call leak? Runs calls of every kind through
 * the engine on a free-running virtual card (bench/leak/call-churn.ts) and prints the C
 * allocator's in-use bytes after a warm-up, after N more rounds and after 3N, and the growth per
 * call between N and 3N. LEAK_ROUNDS=N (default 100), LEAK_KINDS=ivr,bridge,... (default all).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import { mallocStats, openCard } from '../bindings/index.js';
import { CALL_KINDS, churnCalls, type CallKind } from './leak/call-churn.js';
import { nativeInUse } from './leak/native-memory.js';

const rounds = Number(process.env.LEAK_ROUNDS ?? 100);
const kinds = (process.env.LEAK_KINDS?.split(',') ?? CALL_KINDS) as CallKind[];
const promptDir = join(process.cwd(), 'var', 'prompts', 'zh');
const prompts = readdirSync(promptDir).filter((f) => f.endsWith('.wav')).slice(0, 4).map((f) => join(promptDir, f));
const dir = mkdtempSync(join(tmpdir(), 'tl-leak-'));

const card = openCard({ spans: 2, cables: [[0, 1]], signaling: ['pri-cpe', 'pri-net'], clock: 'freerun' });
try {
  await Promise.all(card.spans.map((s) => firstValueFrom(s.dchannel$.pipe(filter((u) => u)))));
  const faxDocument = join(process.cwd(), 'native', 'fuzz', 'corpus', 'fax_tiff', 'g3-one-page.tif');
  const rig = { card, bank: card.spans[0]!, net: card.spans[1]!, prompts, dir, faxDocument };
  const mb = (b: number) => (b / 1048576).toFixed(2);
  const report = (label: string, calls: number, bytes: number) => {
    const m = mallocStats();
    console.log(`leak-sample: ${label} calls=${calls} engine_s=${(card.clock.now() / 1000).toFixed(0)} in_use_mb=${mb(bytes)} free_mb=${mb(m.freeBytes)} sys_mb=${mb(m.arenaBytes)} arenas=${m.arenas}`);
  };
  let calls = await churnCalls(rig, Math.max(5, Math.round(rounds / 5)), kinds);
  const warm = await nativeInUse();
  report('warm', calls, warm);
  calls += await churnCalls(rig, rounds, kinds);
  const atN = await nativeInUse();
  report('N', calls, atN);
  const callsN = calls;
  calls += await churnCalls(rig, 2 * rounds, kinds);
  const at3N = await nativeInUse();
  report('3N', calls, at3N);
  console.log(`leak-result: kinds=${kinds.join(',')} per_call_bytes=${((at3N - atN) / (calls - callsN)).toFixed(1)} ` +
    `warm_to_N_per_call=${((atN - warm) / (callsN - Math.round(rounds / 5) * kinds.length)).toFixed(1)}`);
} finally {
  await card.close();
  rmSync(dir, { recursive: true, force: true });
}
