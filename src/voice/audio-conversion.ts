/**
 * Turns an uploaded recording (WAV, MP3, Ogg, FLAC, AIFF… whatever sox reads) into what the
 * voice cards play: 8 kHz mono A-law WAV. The input type comes from the file's first bytes, or
 * else from the extension the browser gave, so that sox is never guessing.
 */
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { readWavInfo, type WavInfo } from './prompts/wav-info.js';
import { VoiceError } from './voice-errors.js';

/** An upload that is not a usable recording: not_audio, audio_too_long, audio_empty. */
export class AudioConversionError extends VoiceError {
  override readonly name = 'AudioConversionError';
  declare readonly code: 'not_audio' | 'audio_too_long' | 'audio_empty';

  constructor(code: 'not_audio' | 'audio_too_long' | 'audio_empty', message: string) {
    super(code, message);
  }
}

/** Input types handed to sox by extension (lower case, no dot). */
const SOX_TYPES = new Set(['wav', 'mp3', 'ogg', 'oga', 'flac', 'aif', 'aiff', 'aifc', 'au', 'snd', 'amr', 'gsm', 'voc', 'w64', 'caf', 'al', 'ul']);

/** The sox type of a file from its first bytes, when they say it. */
export function sniffAudioType(head: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 4) === 'FORM' && (ascii(8, 12) === 'AIFF' || ascii(8, 12) === 'AIFC')) return 'aiff';
  if (ascii(0, 4) === '.snd') return 'au';
  if (ascii(0, 3) === 'ID3') return 'mp3';
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return 'mp3'; // MPEG frame sync
  if (ascii(0, 5) === '#!AMR') return 'amr-nb';
  return undefined;
}

function typeFromName(fileName: string | null): string | undefined {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName ?? '')?.[1]?.toLowerCase();
  return ext && SOX_TYPES.has(ext) ? ext : undefined;
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 1 << 20 }, (err, _stdout, stderr) => resolve({ ok: !err, stderr: String(stderr) }));
  });
}

export interface ConvertOptions {
  /** Longer recordings are refused (audio_too_long). */
  maxDurationMs: number;
  /** sox is stopped after this long. */
  timeoutMs?: number;
}

/**
 * Converts `input` into `output` (8 kHz mono A-law WAV); returns the result's header.
 * Throws AudioConversionError when the input is not audio sox can read, is silent-empty, or
 * lasts longer than the maximum.
 */
export async function convertToPromptWav(input: string, fileName: string | null, output: string, options: ConvertOptions): Promise<WavInfo> {
  const handle = await open(input, 'r');
  const head = Buffer.alloc(16);
  try {
    await handle.read(head, 0, 16, 0);
  } finally {
    await handle.close();
  }
  const type = sniffAudioType(head) ?? typeFromName(fileName);
  if (!type) throw new AudioConversionError('not_audio', 'the file is not a recording in a known audio format (WAV, MP3, Ogg, FLAC, AIFF, AU, AMR…)');
  // Convert at most a second more than allowed: enough to know it is too long, no more work.
  const limitSeconds = (options.maxDurationMs + 1000) / 1000;
  const result = await run('sox', ['-V1', '-t', type, input, '-r', '8000', '-c', '1', '-e', 'a-law', '-b', '8', '-t', 'wav', output, 'trim', '0', String(limitSeconds)], options.timeoutMs ?? 60_000);
  if (!result.ok) throw new AudioConversionError('not_audio', `the file could not be read as ${type} audio`);
  let info: WavInfo;
  try {
    info = readWavInfo(await readFile(output));
  } catch {
    throw new AudioConversionError('not_audio', `the file could not be read as ${type} audio`);
  }
  if (info.dataBytes === 0) throw new AudioConversionError('audio_empty', 'the recording holds no sound');
  if (info.durationMs > options.maxDurationMs) throw new AudioConversionError('audio_too_long', `a prompt lasts at most ${options.maxDurationMs / 1000} seconds`);
  return info;
}
