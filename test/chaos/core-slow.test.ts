/** The chaos run's core-slow injector: the simulator's latency fault is set, then cleared. */
import test from 'ava';
import { startCoreSimProcess } from '../../bench/soak/core-sim-process.js';
import { coreSlowFault } from '../../bench/chaos/faults/core-slow.js';

async function faults(adminPort: number): Promise<{ latencyMs: number; down: string }> {
  const res = await fetch(`http://127.0.0.1:${adminPort}/faults`);
  return (await res.json()) as { latencyMs: number; down: string };
}

test('every core-banking answer is made late, then on time again', async (t) => {
  const core = await startCoreSimProcess();
  t.teardown(() => core.stop('SIGTERM'));
  t.is((await faults(core.adminPort)).latencyMs, 0);
  const fault = coreSlowFault(core, 2500);
  await fault.inject();
  t.like(await faults(core.adminPort), { latencyMs: 2500, down: 'no' });
  await fault.remove();
  t.is((await faults(core.adminPort)).latencyMs, 0);
});
