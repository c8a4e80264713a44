/** The chaos run's core-stop injector: the simulator's ports refuse, then answer again. */
import test from 'ava';
import { connect } from 'node:net';
import { startCoreSimProcess } from '../../bench/soak/core-sim-process.js';
import { coreStopFault } from '../../bench/chaos/faults/core-stop.js';

function tryConnect(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

test('the core-banking simulator stops, then listens again on the same ports', async (t) => {
  const core = await startCoreSimProcess();
  t.teardown(() => core.stop('SIGTERM'));
  t.is(await tryConnect(core.tcpPort), 'connected');
  const fault = coreStopFault(core);
  await fault.inject();
  t.false(core.running);
  t.is(await tryConnect(core.tcpPort), 'ECONNREFUSED');
  const port = core.tcpPort;
  await fault.remove();
  t.true(core.running);
  t.is(core.tcpPort, port);
  t.is(await tryConnect(core.tcpPort), 'connected');
});
