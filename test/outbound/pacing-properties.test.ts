/**
 * Property tests of the pacers: whatever the snapshot — sane, contradictory or garbled — and
 * whatever sequence of snapshots a stateful pacer has seen, every mode answers a whole number
 * of calls, never negative, never more than `linesAvailable` or `numbersDue`.
 */
import test from 'ava';
import fc from 'fast-check';
import { createPacer } from '../../src/outbound/pacing/create-pacer.js';
import { DIALLING_MODES, type PacingSettings, type PacingSnapshot } from '../../src/outbound/pacing/pacer.js';
import { propertyRuns } from '../properties/runs.js';

const anyNumber = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 500 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e9, noNaN: false }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 0) },
);
const rate = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), anyNumber);

const snapshotArb: fc.Arbitrary<Omit<PacingSnapshot, 'now'>> = fc.record({
  freeAgents: anyNumber,
  signedInAgents: anyNumber,
  ringing: anyNumber,
  waitingForAgent: anyNumber,
  connected: anyNumber,
  linesAvailable: anyNumber,
  freeTrunkChannels: anyNumber,
  numbersDue: anyNumber,
  measured: fc.record({
    attempts: anyNumber,
    answerRate: rate,
    meanRingSeconds: fc.oneof(fc.double({ min: 0, max: 60, noNaN: true }), anyNumber),
    meanHandleSeconds: fc.oneof(fc.double({ min: 0, max: 600, noNaN: true }), anyNumber),
    answered: anyNumber,
    abandoned: anyNumber,
  }),
});

const settingsArb: fc.Arbitrary<PacingSettings> = fc.record({
  mode: fc.constantFrom(...DIALLING_MODES),
  ratio: fc.double({ min: 0.1, max: 10, noNaN: true }),
  abandonCapPct: fc.double({ min: 0, max: 20, noNaN: true }),
});

function withinLimits(calls: number, s: PacingSnapshot): boolean {
  const lines = Number.isFinite(s.linesAvailable) ? s.linesAvailable : 0;
  const due = Number.isFinite(s.numbersDue) ? s.numbersDue : 0;
  return Number.isInteger(calls) && calls >= 0 && calls <= Math.max(lines, 0) && calls <= Math.max(due, 0);
}

test('no pacer asks for a negative, fractional or excessive number of calls on a single snapshot', (t) => {
  fc.assert(
    fc.property(settingsArb, snapshotArb, fc.integer({ min: 0, max: 1e9 }), (settings, partial, now) => {
      const s = { ...partial, now };
      const calls = createPacer(settings).callsToPlace(s);
      if (!withinLimits(calls, s)) throw new Error(`${settings.mode} asked for ${calls} (lines ${s.linesAvailable}, due ${s.numbersDue})`);
      return true;
    }),
    propertyRuns(3000),
  );
  t.pass();
});

test('no pacer exceeds the limits over a sequence of snapshots (what stateful pacers remember included)', (t) => {
  fc.assert(
    fc.property(settingsArb, fc.array(fc.tuple(snapshotArb, fc.integer({ min: -5000, max: 60_000 })), { minLength: 1, maxLength: 40 }), (settings, steps) => {
      const pacer = createPacer(settings);
      let now = 0;
      for (const [partial, step] of steps) {
        now += step; // time mostly moves on, sometimes stands still or jumps back (a clock fixed)
        const s = { ...partial, now };
        const calls = pacer.callsToPlace(s);
        if (!withinLimits(calls, s)) throw new Error(`${settings.mode} asked for ${calls} at ${now} (lines ${s.linesAvailable}, due ${s.numbersDue})`);
      }
      return true;
    }),
    propertyRuns(500),
  );
  t.pass();
});
