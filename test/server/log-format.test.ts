/**
 * Log lines are human-readable on a terminal and JSON elsewhere; the pretty form keeps the
 * redaction of secrets (it only changes the look of lines that were already scrubbed).
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger.js';
import { prettyDestination, resolveLogFormat } from '../../src/log/index.js';
import { REPO } from '../helpers/telephony.js';

test('auto is pretty exactly on a terminal; json and pretty are taken as asked', (t) => {
  t.is(resolveLogFormat('auto', true), 'pretty');
  t.is(resolveLogFormat('auto', false), 'json');
  t.is(resolveLogFormat('json', true), 'json');
  t.is(resolveLogFormat('pretty', false), 'pretty');
});

test('the pretty form is readable text with level and message, and still hides PINs and card numbers', async (t) => {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination: prettyDestination(sink, false) });
  logger.info({ pin: '482913', span: 'trunk-2', card: { cardNumber: '6222020000000001' } }, 'card 6222020000000001 keyed');
  logger.warn('core-banking simulator exited');
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  for (let i = 0; i < 100 && !text.includes('simulator exited'); i++) await new Promise((r) => setImmediate(r));

  t.regex(text, /INFO.*card 6222 \*\*\*\* \*\*\*\* 0001 keyed/);
  t.regex(text, /WARN.*core-banking simulator exited/);
  t.regex(text, /span: "trunk-2"/, 'fields are shown');
  t.false(text.split('\n').some((l) => l.startsWith('{')), 'no JSON lines');
  t.false(text.includes('482913'), 'the PIN is not shown');
  t.false(text.includes('6222020000000001'), 'the card number is not shown');
});

/** A child that logs one line through createLogger's default destination (stdout). */
function logOneLine(underTerminal: boolean): Promise<string> {
  const program = `import(${JSON.stringify(`${REPO}/src/log/logger.ts`)}).then((m) => { const l = m.createLogger(); l.info({ pin: '482913' }, 'hello from the log'); l.flush(); })`;
  const node = [process.execPath, '--import=tsx', '-e', program];
  // util-linux `script` runs the command on a pseudo-terminal.
  const [command, args] = underTerminal
    ? ['script', ['-qfec', node.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null']]
    : [node[0]!, node.slice(1)];
  return new Promise((resolve, reject) => {
    const child = spawn(command as string, args as string[], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
  });
}

test('by default, stdout on a terminal gets the pretty form and a pipe gets JSON', async (t) => {
  const piped = await logOneLine(false);
  const line = JSON.parse(piped.trim()) as { level: string; msg: string; pin: string };
  t.like(line, { level: 'info', msg: 'hello from the log', pin: '[REDACTED]' });

  const onTerminal = await logOneLine(true);
  t.regex(onTerminal, /INFO.*hello from the log/);
  t.false(onTerminal.trimStart().startsWith('{'));
  t.false(onTerminal.includes('482913'));
});
