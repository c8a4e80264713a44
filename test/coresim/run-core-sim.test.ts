/** `tellerline core-sim` as a process: starts, reports its ports, serves, stops on SIGTERM. */
import test from 'ava';
import { createTcpCoreBanking } from '../../src/gateway/create-core-banking.js';
import { runCoreSim } from '../helpers/core-sim-cli.js';

test('starts on the given ports, serves the TCP protocol in the chosen encoding, stops on SIGTERM', async (t) => {
  const sim = runCoreSim(['--http-port', '0', '--tcp-port', '0', '--admin-port', '0', '--encoding', 'utf8', '--today', '2025-03-14']);
  try {
    const ready = JSON.parse(await sim.firstLine()) as { coreSim: string; tcpPort: number; httpPort: number; encoding: string; today: string };
    t.like(ready, { coreSim: 'listening', encoding: 'utf8', today: '2025-03-14' });
    const gw = createTcpCoreBanking({ host: '127.0.0.1', port: ready.tcpPort, encoding: 'utf8', defaultTimeoutMs: 30_000, connectTimeoutMs: 30_000 });
    const profile = await gw.customerProfile({ callerNumber: '13500135000' });
    t.like(profile, { ok: true, city: '上海', vip: true });
    await gw.close();
    sim.child.kill('SIGTERM');
    t.is(await sim.exited, 0);
  } finally {
    if (sim.child.exitCode === null) sim.child.kill('SIGKILL');
  }
});

test('--help prints the usage; bad options fail with a message', async (t) => {
  const help = runCoreSim(['--help']);
  const badArgs = [['--encoding', 'latin1'], ['--error-rate', '2'], ['--down', 'maybe'], ['--tcp-port', 'x']];
  const bad = badArgs.map((args) => runCoreSim(args));
  t.is(await help.exited, 0);
  t.regex(help.output().stdout, /usage: tellerline core-sim/);
  for (const [i, run] of bad.entries()) {
    const args = badArgs[i] ?? [];
    t.not(await run.exited, 0, args.join(' '));
    t.regex(run.output().stderr, new RegExp(`${args[0]}: `), args.join(' '));
  }
});
