/** Test signals and measurements on 8 kHz linear audio. */

/** Peak amplitude of a 0 dBm0 sine in the engine's 16-bit scale (A-law full scale = +3.14 dBm0). */
export const ZERO_DBM0_PEAK = 32767 * Math.pow(10, -3.14 / 20);

export function sine(freq: number, ms: number, dbm0: number, rate = 8000): Int16Array {
  const n = Math.round((ms * rate) / 1000);
  const amp = ZERO_DBM0_PEAK * Math.pow(10, dbm0 / 20);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate));
  return out;
}

export function silence(ms: number, rate = 8000): Int16Array {
  return new Int16Array(Math.round((ms * rate) / 1000));
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Deterministic white noise at a level in dBm0. */
export function noise(ms: number, dbm0: number, seed = 1): Int16Array {
  const n = Math.round(ms * 8);
  const rms = (ZERO_DBM0_PEAK / Math.SQRT2) * Math.pow(10, dbm0 / 20);
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
    out[i] = Math.max(-32768, Math.min(32767, Math.round(g * rms)));
  }
  return out;
}

export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]! * x[i]!;
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

/** Level in dBm0 of a block. */
export function levelDbm0(x: ArrayLike<number>, from = 0, to = x.length): number {
  const r = rms(x, from, to);
  return 20 * Math.log10(r / (ZERO_DBM0_PEAK / Math.SQRT2) + 1e-12);
}

/** Power of one frequency in a block (Goertzel), normalised to the block's energy. */
export function goertzel(x: ArrayLike<number>, freq: number, from = 0, to = x.length, rate = 8000): number {
  const k = (2 * Math.cos((2 * Math.PI * freq) / rate));
  let s1 = 0, s2 = 0;
  for (let i = from; i < to; i++) {
    const s = x[i]! + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  const n = to - from;
  return n ? (2 * power) / (n * n) : 0;
}

/** Dominant frequency of a tone block by zero crossings with sub-sample interpolation. */
export function estimateFrequency(x: ArrayLike<number>, from = 0, to = x.length, rate = 8000): number {
  const crossings: number[] = [];
  for (let i = from + 1; i < to; i++) {
    const a = x[i - 1]!, b = x[i]!;
    if (a < 0 && b >= 0) crossings.push(i - 1 + (-a) / (b - a));
  }
  if (crossings.length < 2) return 0;
  const periods = crossings.length - 1;
  return (periods * rate) / (crossings[crossings.length - 1]! - crossings[0]!);
}

export interface Segment {
  on: boolean;
  startMs: number;
  durationMs: number;
}

/** Splits audio into on/off segments by 5 ms frame energy against a threshold in dBm0. */
export function segments(x: ArrayLike<number>, thresholdDbm0 = -40, frameMs = 5): Segment[] {
  const frame = frameMs * 8;
  const out: Segment[] = [];
  for (let i = 0; i + frame <= x.length; i += frame) {
    const on = levelDbm0(x, i, i + frame) > thresholdDbm0;
    const last = out[out.length - 1];
    if (last && last.on === on) last.durationMs += frameMs;
    else out.push({ on, startMs: i / 8, durationMs: frameMs });
  }
  return out;
}

/** Index of the best match of `needle` in `hay` (by correlation), searching offsets [0, maxOffset]. */
export function findOffset(hay: ArrayLike<number>, needle: ArrayLike<number>, maxOffset: number): { offset: number; match: number } {
  let best = -Infinity, bestOffset = 0;
  const n = Math.min(needle.length, 800);
  let nn = 0;
  for (let i = 0; i < n; i++) nn += needle[i]! * needle[i]!;
  for (let off = 0; off <= maxOffset && off + n <= hay.length; off++) {
    let dot = 0, hh = 0;
    for (let i = 0; i < n; i++) {
      dot += hay[off + i]! * needle[i]!;
      hh += hay[off + i]! * hay[off + i]!;
    }
    const c = dot / Math.sqrt(nn * hh + 1e-9);
    if (c > best) {
      best = c;
      bestOffset = off;
    }
  }
  return { offset: bestOffset, match: best };
}
