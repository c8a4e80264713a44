// scripts/generate-prompts.ts end to end (needs espeak-ng and sox, which the
// platform installs): a handful of prompts into a temporary directory, checked
// as 8 kHz mono A-law WAV files by parsing their headers here; re-runs skip
// unchanged files; the resolver prefers a custom recording.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { resolvePromptFile } from '../../src/voice/prompts/resolve.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'scripts/generate-prompts.ts');
const IDS = ['welcome', 'num.1', 'num.wan', 'cur.yuan', 'pause.short', 'tone.beep'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function generate(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import=tsx', SCRIPT, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface Header {
  formatTag: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  data: Buffer;
}

// Walks the RIFF chunks of a file (independently of src/voice/prompts/wav-info.ts).
function parseWav(file: string): Header {
  const buf = readFileSync(file);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file}: not RIFF/WAVE`);
  if (buf.readUInt32LE(4) !== buf.length - 8) throw new Error(`${file}: RIFF size ${buf.readUInt32LE(4)} for ${buf.length} bytes`);
  let fmt: Omit<Header, 'data'> | undefined;
  for (let at = 12; at + 8 <= buf.length; ) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      fmt = {
        formatTag: buf.readUInt16LE(at + 8),
        channels: buf.readUInt16LE(at + 10),
        sampleRate: buf.readUInt32LE(at + 12),
        byteRate: buf.readUInt32LE(at + 16),
        blockAlign: buf.readUInt16LE(at + 20),
        bitsPerSample: buf.readUInt16LE(at + 22),
      };
    }
    if (id === 'data') {
      if (!fmt) throw new Error(`${file}: data before fmt`);
      // The data chunk ends the file, with its pad byte when its size is odd.
      if (at + 8 + size + (size % 2) !== buf.length) throw new Error(`${file}: data chunk of ${size} bytes does not end the file`);
      return { ...fmt, data: buf.subarray(at + 8, at + 8 + size) };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

// G.711 A-law decoding of one byte to a linear magnitude (0..32256).
function alawMagnitude(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a & 0x70) >> 4;
  const mantissa = a & 0x0f;
  return exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
}

const quiet = (byte: number | undefined) => alawMagnitude(byte ?? 0xd5) < 330; // below 1% of full scale

function leadingQuietMs(data: Buffer): number {
  let i = 0;
  while (i < data.length && quiet(data[i])) i += 1;
  return i / 8;
}

function trailingQuietMs(data: Buffer): number {
  let i = data.length;
  while (i > 0 && quiet(data[i - 1])) i -= 1;
  return (data.length - i) / 8;
}

const durationMs = (h: Header) => (h.data.length * 1000) / h.byteRate;

test('generates valid prompts, skips unchanged ones, and custom recordings win', async (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'tl-gen-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));

  const first = await generate(['--out', out, '--lang', 'zh,en', '--only', ...IDS, '--json']);
  t.is(first.code, 0, first.stderr);
  const summary = JSON.parse(first.stdout) as { generated: number; unchanged: number; failed: unknown[] };
  t.is(summary.generated, IDS.length * 2);
  t.deepEqual(summary.failed, []);

  const headers = new Map<string, Header>();
  for (const lang of ['zh', 'en']) {
    for (const id of IDS) {
      const h = parseWav(path.join(out, lang, `${id}.wav`));
      t.is(h.formatTag, 6, `${lang}/${id} is A-law`);
      t.is(h.channels, 1);
      t.is(h.sampleRate, 8000);
      t.is(h.bitsPerSample, 8);
      t.is(h.blockAlign, 1);
      t.is(h.byteRate, 8000);
      headers.set(`${lang}/${id}`, h);
    }
  }
  const ms = (key: string) => durationMs(headers.get(key) as Header);
  for (const lang of ['zh', 'en']) {
    t.true(ms(`${lang}/welcome`) > 1000 && ms(`${lang}/welcome`) < 8000, `${lang}/welcome lasts ${ms(`${lang}/welcome`)} ms`);
    for (const piece of ['num.1', 'num.wan', 'cur.yuan']) {
      const d = ms(`${lang}/${piece}`);
      t.true(d > 100 && d < 1500, `${lang}/${piece} lasts ${d} ms`);
      // Trimmed so pieces concatenate without gaps (espeak-ng leaves ~400 ms after a word).
      const data = (headers.get(`${lang}/${piece}`) as Header).data;
      t.true(leadingQuietMs(data) < 30, `${lang}/${piece} starts with silence`);
      t.true(trailingQuietMs(data) < 60, `${lang}/${piece} ends with silence`);
    }
    t.is(ms(`${lang}/pause.short`), 300);
    t.is(ms(`${lang}/tone.beep`), 400);
  }
  const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
    entries: Record<string, { voice: string; text: string }>;
  };
  t.is(manifest.entries['zh/num.wan']?.text, '万');
  t.regex(manifest.entries['zh/num.wan']?.voice ?? '', /cmn-latn-pinyin/);
  t.regex(manifest.entries['en/num.wan']?.voice ?? '', /en-us/);

  // A re-run regenerates nothing and leaves the files alone.
  const welcome = path.join(out, 'zh', 'welcome.wav');
  const before = statSync(welcome).mtimeMs;
  const second = await generate(['--out', out, '--lang', 'zh,en', '--only', ...IDS, '--json']);
  t.like(JSON.parse(second.stdout), { generated: 0, unchanged: IDS.length * 2 });
  t.is(statSync(welcome).mtimeMs, before);

  // A deleted file is made again, and only that one.
  unlinkSync(path.join(out, 'en', 'num.1.wav'));
  const third = await generate(['--out', out, '--only', ...IDS, '--json']);
  t.like(JSON.parse(third.stdout), { generated: 1, unchanged: IDS.length * 2 - 1 });

  // A bank's recording of one prompt wins over the generated file.
  const customDir = path.join(out, 'custom');
  mkdirSync(path.join(customDir, 'zh'), { recursive: true });
  writeFileSync(path.join(customDir, 'zh', 'welcome.wav'), readFileSync(welcome));
  t.is(resolvePromptFile('welcome', 'zh', { customDir, generatedDir: out }), path.join(customDir, 'zh', 'welcome.wav'));
  t.is(resolvePromptFile('welcome', 'en', { customDir, generatedDir: out }), path.join(out, 'en', 'welcome.wav'));
});

test('unknown ids and languages are refused before anything is generated', async (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'tl-gen-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const unknown = await generate(['--out', out, '--only', 'welcome', 'no.such.prompt']);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /no\.such\.prompt/);
  const lang = await generate(['--out', out, '--lang', 'fr']);
  t.is(lang.code, 2);
  t.regex(lang.stderr, /unknown language fr/);
});
