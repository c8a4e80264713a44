// Generates the prompt WAV files of the catalog (src/voice/prompts) with
// espeak-ng and sox: 8 kHz mono A-law, one file per (language, id):
// <out>/<lang>/<id>.wav.
//
//   node --import=tsx scripts/generate-prompts.ts [--out var/prompts] [--lang zh,en]
//        [--only id...] [--jobs 2] [--force] [--json]
//
// Mandarin uses espeak-ng's `cmn-latn-pinyin` voice (its `cmn` voice reads
// pinyin tone numbers as English) with the pronunciation fixes of
// src/voice/prompts/pronunciation.ts; numbers in prompt texts are Chinese
// characters, never Arabic numerals, which espeak-ng misreads. English uses
// `en-us`. Reading pieces (digits, 万, 元, ...) are trimmed of leading and
// trailing silence so that they concatenate without gaps.
//
// Re-runs are cheap: <out>/manifest.json records, per file, a hash of what
// made it (text, voice, speed, effects); a file whose hash is unchanged and
// which still exists is skipped. Files are written under a temporary name and
// renamed, so an interrupted run never leaves a half-written prompt.
// Recorded prompts do not go here: put them in a custom directory, which
// resolvePromptFile() prefers file by file.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isPromptId, promptCatalog, type PromptId } from '../src/voice/prompts/catalog.js';
import { LANGS, type Lang, type PromptEntry } from '../src/voice/prompts/entry.js';
import { ttsText } from '../src/voice/prompts/pronunciation.js';
import { promptFileName } from '../src/voice/prompts/resolve.js';
import { promptFormatProblem, readWavInfo } from '../src/voice/prompts/wav-info.js';

// Bump when the pipeline changes in a way the per-file hash does not capture.
const PIPELINE_VERSION = 1;

const VOICE: Record<Lang, { readonly voice: string; readonly speed: number }> = {
  zh: { voice: 'cmn-latn-pinyin', speed: 150 },
  en: { voice: 'en-us', speed: 160 },
};

const TELEPHONE_FORMAT = ['-r', '8000', '-c', '1', '-e', 'a-law', '-b', '8'];
// Trim silence below 0.5% of full scale at both ends, then leave 20 ms after
// the word so consecutive pieces do not run into each other.
const TRIM = ['silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.5%', 'reverse', 'pad', '0', '0.02'];

interface ManifestEntry {
  readonly hash: string;
  readonly voice: string;
  readonly text: string;
  readonly durationMs: number;
}

interface Manifest {
  readonly format: 1;
  entries: Record<string, ManifestEntry>;
}

interface Job {
  readonly lang: Lang;
  readonly entry: PromptEntry<PromptId>;
  readonly key: string;
  readonly file: string;
  readonly voice: string;
  readonly hash: string;
}

export interface GenerateOptions {
  readonly out: string;
  readonly langs: readonly Lang[];
  readonly only?: readonly PromptId[];
  readonly jobs: number;
  readonly force: boolean;
}

export interface GenerateSummary {
  readonly out: string;
  readonly langs: readonly Lang[];
  readonly generated: number;
  readonly unchanged: number;
  readonly failed: ReadonlyArray<{ readonly key: string; readonly error: string }>;
  readonly seconds: number;
}

function voiceLabel(entry: PromptEntry, lang: Lang): string {
  switch (entry.kind) {
    case 'silence':
      return `sox silence ${entry.durationMs} ms`;
    case 'tone':
      return `sox sine ${entry.frequencyHz} Hz ${entry.durationMs} ms`;
    default:
      return `espeak-ng -v ${VOICE[lang].voice} -s ${VOICE[lang].speed}${entry.kind === 'piece' ? ' trimmed' : ''}`;
  }
}

function planJob(entry: PromptEntry<PromptId>, lang: Lang, out: string, espeakVersion: string): Job {
  const voice = voiceLabel(entry, lang);
  const spoken = entry.kind === 'prompt' || entry.kind === 'menu' || entry.kind === 'piece';
  const recipe = {
    pipeline: PIPELINE_VERSION,
    voice,
    engine: spoken ? espeakVersion : 'sox',
    text: spoken ? ttsText(entry, lang) : '',
  };
  const hash = createHash('sha256').update(JSON.stringify(recipe)).digest('hex');
  return { lang, entry, key: `${lang}/${entry.id}`, file: path.join(out, promptFileName(entry.id, lang)), voice, hash };
}

interface Exit {
  readonly code: number | null;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], stdin?: string | NodeJS.ReadableStream): {
  done: Promise<Exit>;
  stdout: NodeJS.ReadableStream;
} {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<Exit>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new Error(`${command} not found (Debian: apt-get install ${command})`) : err);
    });
    child.on('close', (code) => resolve({ code, stderr: stderr.trim() }));
  });
  // A consumer that exits early must not crash the writer with EPIPE.
  child.stdin.on('error', () => {});
  if (typeof stdin === 'string') child.stdin.end(stdin);
  else if (stdin) stdin.pipe(child.stdin);
  else child.stdin.end();
  return { done, stdout: child.stdout };
}

async function mustSucceed(command: string, exit: Promise<Exit>): Promise<void> {
  const { code, stderr } = await exit;
  if (code !== 0) throw new Error(`${command} exited with ${code}${stderr ? `: ${stderr}` : ''}`);
}

async function render(job: Job, tmp: string): Promise<void> {
  const { entry, lang } = job;
  if (entry.kind === 'silence') {
    const sox = run('sox', ['-q', '-n', ...TELEPHONE_FORMAT, tmp, 'trim', '0', String(entry.durationMs / 1000)]);
    return mustSucceed('sox', sox.done);
  }
  if (entry.kind === 'tone') {
    const seconds = String(entry.durationMs / 1000);
    const args = ['-q', '-n', ...TELEPHONE_FORMAT, tmp, 'synth', seconds, 'sine', String(entry.frequencyHz), 'gain', '-12', 'fade', '0.01', seconds, '0.01'];
    return mustSucceed('sox', run('sox', args).done);
  }
  const { voice, speed } = VOICE[lang];
  const espeak = run('espeak-ng', ['-v', voice, '-s', String(speed), '--stdout', '--stdin'], ttsText(entry, lang));
  const effects = entry.kind === 'piece' ? TRIM : [];
  const sox = run('sox', ['-q', '-t', 'wav', '-', ...TELEPHONE_FORMAT, tmp, ...effects], espeak.stdout);
  await Promise.all([mustSucceed('espeak-ng', espeak.done), mustSucceed('sox', sox.done)]);
}

async function generateOne(job: Job): Promise<ManifestEntry> {
  await mkdir(path.dirname(job.file), { recursive: true });
  const tmp = `${job.file}.${process.pid}.tmp.wav`;
  try {
    await render(job, tmp);
    const info = readWavInfo(await readFile(tmp));
    const problem = promptFormatProblem(info);
    if (problem) throw new Error(`produced ${problem}`);
    if (info.dataBytes === 0) throw new Error('produced an empty file');
    await rename(tmp, job.file);
    return { hash: job.hash, voice: job.voice, text: job.entry[job.lang], durationMs: Math.round(info.durationMs) };
  } finally {
    await rm(tmp, { force: true });
  }
}

async function espeakVersion(): Promise<string> {
  const child = run('espeak-ng', ['--version']);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  await mustSucceed('espeak-ng', child.done);
  return /eSpeak NG text-to-speech: (\S+)/.exec(out)?.[1] ?? out.trim();
}

async function loadManifest(file: string): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Manifest>;
    if (parsed.format === 1 && parsed.entries && typeof parsed.entries === 'object') {
      return { format: 1, entries: parsed.entries };
    }
  } catch {
    // No manifest, or an unreadable one: regenerate everything.
  }
  return { format: 1, entries: {} };
}

async function saveManifest(file: string, manifest: Manifest): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(manifest.entries).sort(([a], [b]) => a.localeCompare(b)));
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ format: 1, entries: sorted }, null, 1) + '\n');
  await rename(tmp, file);
}

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, worker));
}

export async function generatePrompts(options: GenerateOptions): Promise<GenerateSummary> {
  const started = process.hrtime.bigint();
  await mkdir(options.out, { recursive: true });
  const manifestFile = path.join(options.out, 'manifest.json');
  const manifest = await loadManifest(manifestFile);
  const version = await espeakVersion();
  const wanted = options.only ? new Set<string>(options.only) : undefined;
  const entries = promptCatalog.filter((e) => !wanted || wanted.has(e.id));

  const todo: Job[] = [];
  let unchanged = 0;
  for (const lang of options.langs) {
    for (const entry of entries) {
      const job = planJob(entry, lang, options.out, version);
      if (!options.force && manifest.entries[job.key]?.hash === job.hash && existsSync(job.file)) unchanged += 1;
      else todo.push(job);
    }
  }

  const failed: { key: string; error: string }[] = [];
  let generated = 0;
  await pool(todo, options.jobs, async (job) => {
    try {
      manifest.entries[job.key] = await generateOne(job);
      generated += 1;
    } catch (err) {
      failed.push({ key: job.key, error: err instanceof Error ? err.message : String(err) });
    }
  });
  if (generated > 0) await saveManifest(manifestFile, manifest);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { out: options.out, langs: options.langs, generated, unchanged, failed, seconds };
}

function parseCommandLine(argv: readonly string[]): GenerateOptions & { json: boolean } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'var/prompts' },
      lang: { type: 'string', default: LANGS.join(',') },
      only: { type: 'string', multiple: true },
      jobs: { type: 'string', default: '2' },
      force: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const langs = values.lang.split(',').map((l) => l.trim()).filter(Boolean);
  for (const l of langs) if (!(LANGS as readonly string[]).includes(l)) throw new Error(`unknown language ${l} (have ${LANGS.join(', ')})`);
  // `--only a b c`: the first id is the option's value, the rest arrive as positionals.
  if (positionals.length > 0 && !values.only) throw new Error(`unexpected arguments: ${positionals.join(' ')}`);
  const onlyIds = values.only ? [...values.only, ...positionals].flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean) : undefined;
  const unknown = onlyIds?.filter((id) => !isPromptId(id)) ?? [];
  if (unknown.length > 0) throw new Error(`not in the prompt catalog: ${unknown.join(' ')}`);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a whole number of 1 or more, not ${values.jobs}`);
  const base = { out: values.out, langs: langs as Lang[], jobs, force: values.force, json: values.json };
  return onlyIds ? { ...base, only: onlyIds.filter(isPromptId) } : base;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCommandLine>;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`generate-prompts: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
    return;
  }
  const summary = await generatePrompts(options);
  for (const f of summary.failed) process.stderr.write(`generate-prompts: ${f.key}: ${f.error}\n`);
  if (options.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    process.stdout.write(
      `prompts: ${summary.generated} generated, ${summary.unchanged} unchanged, ${summary.failed.length} failed ` +
        `(${summary.langs.join(',')}) in ${summary.seconds.toFixed(1)} s -> ${summary.out}\n`,
    );
  }
  if (summary.failed.length > 0) process.exitCode = 1;
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();
