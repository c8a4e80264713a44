/** The chaos run's kill -9 injector: the process is gone at once, and the restart is asked for. */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { serverKillFault } from '../../bench/chaos/faults/server-kill.js';
import { isRunning } from '../../bench/chaos/faults/kill-hard.js';

function sleeper(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

test('kills the server with SIGKILL and starts it again', async (t) => {
  let child = sleeper();
  t.teardown(() => child.kill('SIGKILL'));
  const exits: Array<string | null> = [];
  child.once('exit', (_code, signal) => exits.push(signal));
  const first = child.pid!;
  t.true(isRunning(first));
  const fault = serverKillFault({
    get pid() {
      return child.pid;
    },
    async restart() {
      child = sleeper();
    },
  });
  await fault.inject();
  t.false(isRunning(first));
  await new Promise((r) => setImmediate(r));
  if (exits.length === 0) await new Promise((r) => child.once('exit', r));
  t.deepEqual(exits, ['SIGKILL']);
  await fault.remove();
  t.not(child.pid, first);
  t.true(isRunning(child.pid!));
});
