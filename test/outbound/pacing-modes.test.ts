/**
 * Each dialling mode's arithmetic on hand-made snapshots: what it places, the line cap and the
 * numbers due respected, nothing negative, and settings out of range refused.
 */
import test from 'ava';
import { createPacer } from '../../src/outbound/pacing/create-pacer.js';
import { DIALLING_MODES, type DiallingMode } from '../../src/outbound/pacing/pacer.js';
import { snapshot } from './pacing-snapshots.js';

const pacer = (mode: DiallingMode, ratio = 1, abandonCapPct = 3) => createPacer({ mode, ratio, abandonCapPct });

test('preview places nothing, whatever is free', (t) => {
  t.is(pacer('preview').callsToPlace(snapshot({ freeAgents: 20, signedInAgents: 20, connected: 0 })), 0);
});

test('progressive places one call per free agent, minus the calls already ringing or waiting for them', (t) => {
  const p = pacer('progressive');
  t.is(p.callsToPlace(snapshot({ freeAgents: 4 })), 4);
  t.is(p.callsToPlace(snapshot({ freeAgents: 4, ringing: 3 })), 1);
  t.is(p.callsToPlace(snapshot({ freeAgents: 4, ringing: 2, waitingForAgent: 1 })), 1);
  t.is(p.callsToPlace(snapshot({ freeAgents: 2, ringing: 5 })), 0, 'more ringing than free agents: nothing, not a negative count');
  t.is(p.callsToPlace(snapshot({ freeAgents: 0 })), 0);
});

test('trunk ratio holds that share of the channels open to the campaign (free plus its own calls)', (t) => {
  // 40 free + 0 up, ratio 0.5: 20 calls.
  t.is(pacer('trunk_ratio', 0.5).callsToPlace(snapshot({ freeTrunkChannels: 40, connected: 0 })), 20);
  // Once they are placed the target is reached: 20 free + 20 up → 20, minus the 20 up.
  t.is(pacer('trunk_ratio', 0.5).callsToPlace(snapshot({ freeTrunkChannels: 20, ringing: 12, connected: 8 })), 0);
  // Fractions round down: (7 + 0) × 0.5 = 3.5 → 3.
  t.is(pacer('trunk_ratio', 0.5).callsToPlace(snapshot({ freeTrunkChannels: 7, connected: 0 })), 3);
});

test('agent ratio places ratio × free agents, minus the calls already ringing or waiting', (t) => {
  t.is(pacer('agent_ratio', 1.5).callsToPlace(snapshot({ freeAgents: 4 })), 6);
  t.is(pacer('agent_ratio', 1.5).callsToPlace(snapshot({ freeAgents: 4, ringing: 4, waitingForAgent: 1 })), 1);
  t.is(pacer('agent_ratio', 2.5).callsToPlace(snapshot({ freeAgents: 3 })), 7, '7.5 rounds down');
  t.is(pacer('agent_ratio', 2).callsToPlace(snapshot({ freeAgents: 1, ringing: 9 })), 0);
});

test('trunk and agent ratio places the smaller of the two', (t) => {
  // Agents: 4 × 2 = 8. Trunks: (5 + 16 up) × 2 = 42 − 16 = 26. → 8
  t.is(pacer('trunk_and_agent_ratio', 2).callsToPlace(snapshot({ freeAgents: 4, freeTrunkChannels: 5, connected: 16 })), 8);
  // Trunks: (2 + 0) × 2 = 4 < agents: 10 × 2 = 20 → 4
  t.is(pacer('trunk_and_agent_ratio', 2).callsToPlace(snapshot({ freeAgents: 10, freeTrunkChannels: 2, connected: 0 })), 4);
});

test('agent multiple keeps ratio × signed-in agents in calls up, free or not', (t) => {
  // 20 × 1.5 = 30 − (ringing 5 + waiting 1 + connected 16) = 8
  t.is(pacer('agent_multiple', 1.5).callsToPlace(snapshot({ ringing: 5, waitingForAgent: 1, connected: 16 })), 8);
  t.is(pacer('agent_multiple', 1.5).callsToPlace(snapshot({ ringing: 20, connected: 16 })), 0);
});

test('every mode stops at the lines available and at the numbers due', (t) => {
  const wide = { freeAgents: 50, signedInAgents: 60, freeTrunkChannels: 200, connected: 0 };
  for (const mode of DIALLING_MODES) {
    if (mode === 'preview') continue;
    t.is(pacer(mode, 3).callsToPlace(snapshot({ ...wide, linesAvailable: 7 })), 7, `${mode} and lines`);
    t.is(pacer(mode, 3).callsToPlace(snapshot({ ...wide, numbersDue: 2 })), 2, `${mode} and numbers`);
    t.is(pacer(mode, 3).callsToPlace(snapshot({ ...wide, linesAvailable: 0 })), 0, `${mode} without a line`);
  }
});

test('a garbled snapshot places nothing rather than a flood', (t) => {
  for (const mode of DIALLING_MODES) {
    t.is(pacer(mode, 2).callsToPlace(snapshot({ freeAgents: Number.NaN, signedInAgents: Number.NaN, freeTrunkChannels: Number.NaN, linesAvailable: Number.NaN })), 0, mode);
    t.is(pacer(mode, 2).callsToPlace(snapshot({ freeAgents: 10, linesAvailable: Number.POSITIVE_INFINITY, numbersDue: -3 })), 0, mode);
  }
});

test('predictive dials progressively until it has measured enough calls', (t) => {
  const p = pacer('predictive');
  t.is(p.callsToPlace(snapshot({ freeAgents: 5, ringing: 1, measured: { attempts: 3 } })), 4);
  t.is(p.callsToPlace(snapshot({ freeAgents: 5, ringing: 1, measured: { meanHandleSeconds: 0 } })), 4);
});

test('predictive dials ahead of the free agents once it trusts what it measured, and more when agents are about to finish', (t) => {
  const p = pacer('predictive');
  // Watched for long enough (three handle times).
  p.callsToPlace(snapshot({ now: 0, freeAgents: 0 }));
  const freeNow = p.callsToPlace(snapshot({ now: 300_000, freeAgents: 4, signedInAgents: 4, connected: 0 }));
  t.true(freeNow > 4, `four free agents, one answer in three calls: more than four calls (${freeNow})`);
  t.true(freeNow <= 4 / 0.35 + 1, `but not many more than the answers four agents can take (${freeNow})`);
  const withBusy = pacer('predictive');
  withBusy.callsToPlace(snapshot({ now: 0, freeAgents: 0 }));
  const busyToo = withBusy.callsToPlace(snapshot({ now: 300_000, freeAgents: 4, signedInAgents: 40, connected: 36 }));
  t.true(busyToo > freeNow, `36 busy agents will free some of them by the time calls are answered (${busyToo} > ${freeNow})`);
});

test('predictive counts the calls it just placed against the agents they are meant for', (t) => {
  const p = pacer('predictive');
  p.callsToPlace(snapshot({ now: 0, freeAgents: 0 }));
  const first = p.callsToPlace(snapshot({ now: 300_000, freeAgents: 4, signedInAgents: 4, connected: 0 }));
  const again = p.callsToPlace(snapshot({ now: 300_100, freeAgents: 4, signedInAgents: 4, connected: 0, ringing: first }));
  t.is(again, 0, 'nothing has changed but the calls placed a moment ago: no more calls');
});

test('predictive backs off as the measured abandon rate goes past the cap', (t) => {
  const calm = pacer('predictive');
  const hurt = pacer('predictive');
  const busy = { freeAgents: 3, signedInAgents: 40, connected: 37 };
  let calmCalls = 0;
  let hurtCalls = 0;
  // Ten minutes of snapshots a second apart; calls placed are forgotten by the next one (they rang out).
  for (let s = 0; s <= 600; s += 1) {
    calmCalls = calm.callsToPlace(snapshot({ now: s * 1000, ...busy, measured: { answered: 400, abandoned: 2 } }));
    hurtCalls = hurt.callsToPlace(snapshot({ now: s * 1000, ...busy, measured: { answered: 400, abandoned: 40 } }));
  }
  t.true(hurtCalls < calmCalls, `10 % abandoned: fewer calls (${hurtCalls}) than at 0.5 % (${calmCalls})`);
  t.true(hurtCalls >= 3, 'never fewer than progressive: one per free agent');
});

test('out-of-range settings are refused with the field named', (t) => {
  t.throws(() => createPacer({ mode: 'agent_ratio', ratio: -1, abandonCapPct: 3 }), { message: /ratio/ });
  t.throws(() => createPacer({ mode: 'predictive', ratio: 1, abandonCapPct: -1 }), { message: /abandonCapPct/ });
  t.throws(() => createPacer({ mode: 'predictive', ratio: 1, abandonCapPct: Number.NaN }), { message: /abandonCapPct/ });
  t.throws(() => createPacer({ mode: 'turbo' as DiallingMode, ratio: 1, abandonCapPct: 3 }), { message: /mode/ });
});

test('predictive answers at once on a huge snapshot, within its limits', (t) => {
  const p = pacer('predictive');
  p.callsToPlace(snapshot({ now: 0 }));
  const huge = snapshot({ now: 600_000, freeAgents: 1e9, signedInAgents: 1e9, linesAvailable: 1e9, numbersDue: 5e8 });
  t.is(p.callsToPlace(huge), 5e8);
});

test('predictive with a zero cap dials as progressive does, however calm the campaign', (t) => {
  const p = pacer('predictive', 1, 0);
  p.callsToPlace(snapshot({ now: 0 }));
  for (let s = 1; s <= 600; s += 1) p.callsToPlace(snapshot({ now: s * 1000, measured: { answered: 400, abandoned: 0 } }));
  t.is(p.callsToPlace(snapshot({ now: 601_000, freeAgents: 5, signedInAgents: 40, connected: 35, ringing: 2 })), 3);
  t.is(pacer('progressive').callsToPlace(snapshot({ freeAgents: 5, signedInAgents: 40, connected: 35, ringing: 2 })), 3);
});

test('a whole campaign record may be passed: only the pacing fields are read', (t) => {
  const campaign = { id: 'c1', name: 'cards expiring', mode: 'progressive' as const, ratio: 1, abandonCapPct: 3, maxLines: 10 };
  t.is(createPacer(campaign).callsToPlace(snapshot({ freeAgents: 2 })), 2);
});

test('no agent-paced mode dials for a queue with nobody signed in', (t) => {
  const empty = snapshot({ now: 600_000, freeAgents: 0, signedInAgents: 0, connected: 0 });
  for (const mode of ['progressive', 'predictive', 'agent_ratio', 'trunk_and_agent_ratio', 'agent_multiple'] as const) {
    const p = pacer(mode, 2);
    p.callsToPlace(snapshot({ now: 0, freeAgents: 0, signedInAgents: 0, connected: 0 }));
    t.is(p.callsToPlace(empty), 0, mode);
  }
});
