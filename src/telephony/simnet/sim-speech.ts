/**
 * Speech for the simulated network's people and answering machines, spoken
 * by espeak-ng (installed by scripts/bootstrap.sh) and brought to the
 * line's format by sox: 8 kHz, 16-bit linear samples.
 *
 * Mandarin uses the `cmn-latn-pinyin` voice (the `cmn` voice of Debian's
 * espeak-ng reads tone numbers in English); texts are in characters with no
 * Arabic numerals. Renders are cached on disk by their parameters, so a
 * seeded corpus costs espeak-ng once per machine.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SpeechLang = 'zh' | 'en';

export interface SpeechRequest {
  text: string;
  lang: SpeechLang;
  /** Words per minute (espeak-ng -s), 80-450. */
  speed?: number;
  /** 0-99 (espeak-ng -p). */
  pitch?: number;
  /** An espeak-ng voice variant such as 'f2' or 'm3'. */
  variant?: string;
}

const VOICES: Record<SpeechLang, string> = { zh: 'cmn-latn-pinyin', en: 'en-us' };

/** Where renders are cached (override with TELLERLINE_SPEECH_CACHE). */
export function speechCacheDir(): string {
  return process.env.TELLERLINE_SPEECH_CACHE ?? join(tmpdir(), 'tellerline-sim-speech');
}

function run(command: string, args: string[], input?: NodeJS.ReadableStream): { stdout: NodeJS.ReadableStream; done: Promise<void> } {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  if (input) input.pipe(child.stdin);
  else child.stdin.end();
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    stderr += s;
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (err) => reject(new Error(`${command} could not be started: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${stderr.trim()}`))));
  });
  return { stdout: child.stdout, done };
}

/** Speaks a text; resolves with 8 kHz linear samples. */
export async function synthesize(request: SpeechRequest): Promise<Int16Array> {
  if (!request.text.trim()) throw new Error('nothing to say: the text is empty');
  const speed = Math.round(request.speed ?? 160);
  const pitch = Math.round(request.pitch ?? 50);
  if (speed < 80 || speed > 450) throw new Error(`speech speed must be 80-450 words a minute, not ${speed}`);
  if (pitch < 0 || pitch > 99) throw new Error(`speech pitch must be 0-99, not ${pitch}`);
  if (request.variant !== undefined && !/^[a-z]{1,2}\d{0,2}$/.test(request.variant)) {
    throw new Error(`"${request.variant}" is not an espeak-ng voice variant`);
  }
  const voice = VOICES[request.lang] + (request.variant ? `+${request.variant}` : '');
  const key = createHash('sha256').update(JSON.stringify([voice, speed, pitch, request.text])).digest('hex').slice(0, 24);
  const dir = speechCacheDir();
  const file = join(dir, `${key}.s16`);
  try {
    return toSamples(readFileSync(file));
  } catch {
    // not cached yet
  }
  const espeak = run('espeak-ng', ['-v', voice, '-s', String(speed), '-p', String(pitch), '--stdout', request.text]);
  const sox = run('sox', ['-q', '-t', 'wav', '-', '-t', 'raw', '-r', '8000', '-c', '1', '-e', 'signed-integer', '-b', '16', '-'], espeak.stdout);
  const chunks: Buffer[] = [];
  sox.stdout.on('data', (c: Buffer) => chunks.push(c));
  await Promise.all([espeak.done, sox.done]);
  const raw = Buffer.concat(chunks);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, raw);
  renameSync(tmp, file);  // whole files only, even with parallel writers
  return toSamples(raw);
}

function toSamples(raw: Buffer): Int16Array {
  const out = new Int16Array(raw.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = raw.readInt16LE(i * 2);
  return out;
}
