/**
 * Reading a password without it ever being on the command line: from standard input
 * (--password-stdin, first line), or typed at a terminal with echo off.
 */
import type { CliIO } from './command.js';

export async function readAllStdin(io: CliIO): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export async function passwordFromStdin(io: CliIO): Promise<string> {
  const text = await readAllStdin(io);
  return text.split(/\r?\n/)[0] ?? '';
}

/** Prompt on the terminal with echo off. */
export function promptHidden(io: CliIO, prompt: string): Promise<string> {
  const stdin = io.stdin;
  if (!stdin.isTTY || !stdin.setRawMode) return Promise.reject(new Error('no terminal to prompt on: use --password-stdin'));
  io.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolvePrompt, reject) => {
    let value = '';
    const finish = (err?: Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      io.stderr.write('\n');
      if (err) reject(err);
      else resolvePrompt(value);
    };
    const onData = (data: Buffer | string) => {
      for (const ch of String(data)) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('interrupted'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
