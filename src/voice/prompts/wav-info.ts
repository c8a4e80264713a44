// Reads the header of a WAV file: enough to check that a prompt (generated,
// or uploaded by a bank) is what the voice cards play — 8 kHz mono A-law,
// mu-law or 16-bit PCM, the same set native/dsp/wav.h accepts — and how long
// it lasts. RIFF chunks may come in any order (sox writes a `fact` chunk
// before `data`); chunks are padded to even sizes.

export type WavFormat = 'pcm' | 'alaw' | 'ulaw' | 'other';

export interface WavInfo {
  readonly format: WavFormat;
  readonly formatTag: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  readonly blockAlign: number;
  readonly dataBytes: number;
  readonly durationMs: number;
}

const FORMAT_TAG: Record<number, WavFormat> = { 1: 'pcm', 6: 'alaw', 7: 'ulaw' };
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Parses the header of a WAV file held in memory; throws with a reason when it is not one. */
export function readWavInfo(buf: Uint8Array): WavInfo {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const ascii = (at: number) => String.fromCharCode(...buf.subarray(at, at + 4));
  if (buf.byteLength < 12 || ascii(0) !== 'RIFF' || ascii(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let fmt: Omit<WavInfo, 'dataBytes' | 'durationMs'> | undefined;
  let dataBytes: number | undefined;
  let at = 12;
  while (at + 8 <= buf.byteLength) {
    const id = ascii(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.byteLength) throw new Error('fmt chunk is too short');
      let formatTag = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real tag in the first two bytes of the sub-format GUID.
      if (formatTag === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= buf.byteLength) {
        formatTag = view.getUint16(body + 24, true);
      }
      fmt = {
        format: FORMAT_TAG[formatTag] ?? 'other',
        formatTag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      // A truncated data chunk counts what is there.
      dataBytes = Math.min(size, buf.byteLength - body);
      break;
    }
    at = body + size + (size % 2);
  }
  if (!fmt) throw new Error('no fmt chunk');
  if (dataBytes === undefined) throw new Error('no data chunk');
  const bytesPerSecond = fmt.sampleRate * fmt.blockAlign;
  return { ...fmt, dataBytes, durationMs: bytesPerSecond > 0 ? (dataBytes * 1000) / bytesPerSecond : 0 };
}

/** Why a WAV cannot be played as a prompt, or undefined when it can. */
export function promptFormatProblem(info: WavInfo): string | undefined {
  const playable =
    info.sampleRate === 8000 &&
    info.channels === 1 &&
    ((info.format === 'alaw' && info.bitsPerSample === 8) ||
      (info.format === 'ulaw' && info.bitsPerSample === 8) ||
      (info.format === 'pcm' && info.bitsPerSample === 16));
  if (playable) return undefined;
  const channels = info.channels === 1 ? 'mono' : info.channels === 2 ? 'stereo' : `${info.channels}-channel`;
  const encoding = info.format === 'other' ? `format ${info.formatTag}` : `${info.bitsPerSample}-bit ${info.format}`;
  return `${info.sampleRate} Hz ${channels} ${encoding}; expected 8000 Hz mono A-law, mu-law or 16-bit PCM`;
}
