/**
 * Is there sound in a recording? The engine does not report silence on a channel, so the
 * voicemail recorder looks at the file it is writing: the last few seconds (to stop after the
 * caller falls silent) and, at the end, the whole message (a message of silence is not kept).
 *
 * Recordings are 8 kHz A-law WAV (the engine writes a 58-byte header and patches it about
 * once a second; the samples follow it). "Sound" is a 20 ms frame louder than -45 dBm0.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const FRAME = 160;
/** RMS of a -45 dBm0 sine in 16-bit linear (0 dBm0 is about 15,800 RMS in A-law). */
const THRESHOLD_RMS = 89;

const ALAW_TO_LINEAR = new Int16Array(256);
for (let i = 0; i < 256; i++) {
  const a = i ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if ((a & 0x80) === 0) magnitude = -magnitude;
  ALAW_TO_LINEAR[i] = magnitude;
}

function loudFrames(bytes: Uint8Array): number {
  let loud = 0;
  for (let start = 0; start + FRAME <= bytes.length; start += FRAME) {
    let energy = 0;
    for (let i = start; i < start + FRAME; i++) {
      const s = ALAW_TO_LINEAR[bytes[i]!]!;
      energy += s * s;
    }
    if (Math.sqrt(energy / FRAME) > THRESHOLD_RMS) loud++;
  }
  return loud;
}

/** Where the samples start: after the 'data' chunk header. */
function dataOffset(fd: number): number | undefined {
  const head = Buffer.alloc(128);
  const n = readSync(fd, head, 0, head.length, 0);
  const at = head.subarray(0, n).indexOf('data');
  return at < 0 ? undefined : at + 8;
}

/** True when the last `seconds` of the recording so far are all quiet. */
export function endsInSilence(path: string, seconds: number): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const start = dataOffset(fd);
    if (start === undefined) return false;
    const size = fstatSync(fd).size;
    const window = seconds * 8000;
    if (size - start < window) return false;
    const tail = Buffer.alloc(window);
    readSync(fd, tail, 0, window, size - window);
    return loudFrames(tail) === 0;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when the recording holds any sound, leaving out its last `skipEndMs` (a '#' key). */
export function hasSound(path: string, skipEndMs = 0): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const start = dataOffset(fd);
    if (start === undefined) return false;
    const size = fstatSync(fd).size;
    const length = Math.max(0, size - start - skipEndMs * 8);
    const data = Buffer.alloc(length);
    readSync(fd, data, 0, length, start);
    return loudFrames(data) > 0;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
