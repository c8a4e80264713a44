/**
 * Finds prompt files in a recording of what a caller heard: each expected prompt, in order,
 * by normalised cross-correlation (1 = the same waveform, whatever the level; a different
 * word, silence or noise stays far below). A prompt is looked for right after the previous
 * one ends, as the player plays a list of files back to back; the first one anywhere.
 */
export interface PromptMatch {
  /** Sample offset of the prompt in the recording. */
  offset: number;
  /** Normalised cross-correlation at that offset, -1..1. */
  score: number;
}

function energy(x: Int16Array, from: number, n: number, step: number): number {
  let e = 0;
  for (let i = 0; i < n; i += step) e += x[from + i]! * x[from + i]!;
  return e;
}

function ncc(rec: Int16Array, at: number, prompt: Int16Array, step: number, promptEnergy: number): number {
  let dot = 0;
  let e = 0;
  for (let i = 0; i < prompt.length; i += step) {
    const r = rec[at + i]!;
    dot += r * prompt[i]!;
    e += r * r;
  }
  return e === 0 || promptEnergy === 0 ? 0 : dot / Math.sqrt(e * promptEnergy);
}

/** The best offset for `prompt` in rec[from, to) (offsets where the whole prompt fits). */
export function bestMatch(rec: Int16Array, prompt: Int16Array, from = 0, to = rec.length): PromptMatch {
  const last = Math.min(to, rec.length - prompt.length);
  let best: PromptMatch = { offset: -1, score: 0 };
  if (last < from || prompt.length === 0) return best;
  // Coarse: every 4th sample of the prompt at every offset; then the whole prompt near the best.
  const coarseEnergy = energy(prompt, 0, prompt.length, 4);
  let coarseAt = from;
  let coarseScore = -Infinity;
  for (let at = Math.max(0, from); at <= last; at++) {
    const s = ncc(rec, at, prompt, 4, coarseEnergy);
    if (s > coarseScore) {
      coarseScore = s;
      coarseAt = at;
    }
  }
  const fullEnergy = energy(prompt, 0, prompt.length, 1);
  for (let at = Math.max(from, coarseAt - 8); at <= Math.min(last, coarseAt + 8); at++) {
    const s = ncc(rec, at, prompt, 1, fullEnergy);
    if (s > best.score) best = { offset: at, score: s };
  }
  return best;
}

/**
 * Each prompt in order: the first starting within `firstWithin` samples of the recording's
 * start, each next one within `maxGap` samples after the previous one's end (a little before
 * it too: files may start with a shared silence).
 */
export function matchSequence(rec: Int16Array, prompts: readonly Int16Array[], options: { firstWithin?: number; maxGap?: number } = {}): PromptMatch[] {
  const maxGap = options.maxGap ?? 4000;
  const out: PromptMatch[] = [];
  let from = 0;
  let to = options.firstWithin ?? rec.length;
  for (const prompt of prompts) {
    const m = bestMatch(rec, prompt, from, to);
    out.push(m);
    if (m.offset < 0) break;
    from = Math.max(0, m.offset + prompt.length - 400);
    to = m.offset + prompt.length + maxGap;
  }
  return out;
}
