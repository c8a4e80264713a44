/**
 * `tellerline core-sim` as a child process for tests: its arguments as given, its output
 * collected, its first line (the ports it listens on, as JSON) awaited.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../src/coresim/core-sim.ts', import.meta.url));

export function runCoreSim(args: string[]) {
  const child = spawn(process.execPath, ['--import=tsx', '-e', `import(${JSON.stringify(entry)}).then((m) => m.runCoreSim(process.argv.slice(1)))`, '--', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLine = async () => {
    while (!stdout.includes('\n')) {
      if (child.exitCode !== null) throw new Error(`exited early: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return stdout.slice(0, stdout.indexOf('\n'));
  };
  return { child, exited, firstLine, output: () => ({ stdout, stderr }) };
}
