import test from 'ava';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function runChild(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], { cwd: root, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (err as { code?: number }).code ?? 1 : 0, stdout, stderr }));
  });
}

test('after close no engine thread remains and the process exits by itself', async (t) => {
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    import { openCard } from './bindings/index.ts';
    const threads = () => readdirSync('/proc/self/task').map((id) => readFileSync('/proc/self/task/' + id + '/comm', 'utf8').trim());
    const card = openCard({ spans: 2, cables: [[0, 1]], clock: 'freerun', dspThreads: 2 });
    await card.channel(0, 1).open();
    await card.channel(1, 1).open();
    await card.channel(1, 1).sendDtmf('123');
    // Threads name themselves once running: wait for the DSP worker's name (a condition, not a time).
    for (let i = 0; i < 500 && !threads().includes('tl-dsp-1'); i++) await new Promise((r) => setTimeout(r, 10));
    const during = threads().filter((n) => n.startsWith('tl-'));
    await card.close();
    const after = threads().filter((n) => n.startsWith('tl-'));
    console.log(JSON.stringify({ during, after }));
  `;
  const result = await runChild(script);
  t.is(result.code, 0, result.stderr);
  const { during, after } = JSON.parse(result.stdout.trim().split('\n').pop()!) as { during: string[]; after: string[] };
  t.true(during.includes('tl-clock') && during.includes('tl-io') && during.includes('tl-dsp-1'), `during: ${during}`);
  t.deepEqual(after, []);
});

test('a card left open is stopped when the process exits (cleanup hook), without hanging', async (t) => {
  const script = `
    import { openCard } from './bindings/index.ts';
    const card = openCard({ spans: 2, cables: [[0, 1]], clock: 'realtime' });
    await card.channel(0, 2).open();
    card.unref();
    console.log('leaving');
  `;
  const result = await runChild(script);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /leaving/);
});
