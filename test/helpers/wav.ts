/** Minimal WAV reading and writing for tests (8 kHz mono; A-law, mu-law, PCM16). */
import { readFileSync, writeFileSync } from 'node:fs';

function alawToLinear(a: number): number {
  a ^= 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

function ulawToLinear(u: number): number {
  u = ~u & 0xff;
  let t = ((u & 0x0f) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

export interface Wav {
  format: number;  // 1 PCM, 6 A-law, 7 mu-law
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  samples: Int16Array;  // decoded, first channel
}

export function readWav(path: string): Wav {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV file`);
  let pos = 12;
  let format = 0, sampleRate = 0, channels = 0, bits = 0;
  let data: Buffer | undefined;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = buf.subarray(pos + 8, Math.min(buf.length, pos + 8 + size));
    if (id === 'fmt ') {
      format = body.readUInt16LE(0);
      channels = body.readUInt16LE(2);
      sampleRate = body.readUInt32LE(4);
      bits = body.readUInt16LE(14);
      if (format === 0xfffe && body.length >= 26) format = body.readUInt16LE(24);
    } else if (id === 'data') {
      data = body;
    }
    pos += 8 + size + (size & 1);
  }
  if (!data) throw new Error(`${path}: no data chunk`);
  const frame = (bits / 8) * channels;
  const n = Math.floor(data.length / frame);
  const samples = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const off = i * frame;
    if (format === 1) samples[i] = data.readInt16LE(off);
    else if (format === 6) samples[i] = alawToLinear(data[off]!);
    else if (format === 7) samples[i] = ulawToLinear(data[off]!);
  }
  return { format, sampleRate, channels, bitsPerSample: bits, samples };
}

/** Writes a WAV with the given header fields (for tests that need odd formats). */
export function writeWav(path: string, samples: Int16Array, opts: { sampleRate?: number; channels?: number; format?: 'pcm16' | 'pcm8' } = {}): void {
  const sampleRate = opts.sampleRate ?? 8000;
  const channels = opts.channels ?? 1;
  const pcm8 = opts.format === 'pcm8';
  const bytesPerSample = pcm8 ? 1 : 2;
  const dataBytes = samples.length * bytesPerSample * channels;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * bytesPerSample * channels, 28);
  buf.writeUInt16LE(bytesPerSample * channels, 32);
  buf.writeUInt16LE(bytesPerSample * 8, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  let off = 44;
  for (const s of samples) {
    for (let c = 0; c < channels; c++) {
      if (pcm8) buf.writeUInt8((s >> 8) + 128, off++);
      else {
        buf.writeInt16LE(s, off);
        off += 2;
      }
    }
  }
  writeFileSync(path, buf);
}
