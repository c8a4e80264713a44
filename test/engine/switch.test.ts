import test from 'ava';
import { codeOf } from '../helpers/errors.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Card, Channel } from '../../bindings/index.js';
import { openPair, testCard } from '../helpers/card.js';
import { goertzel, sine } from '../helpers/signal.js';
import { readWav } from '../helpers/wav.js';

// Three parties on span 0 (caller, agent, supervisor), each with a far end on
// span 1 that talks in its own frequency. Who hears whom is read from what
// each far end receives.
const FREQ = { caller: 500, agent: 1100, supervisor: 1700 } as const;
type Party = keyof typeof FREQ;
const PARTIES: Party[] = ['caller', 'agent', 'supervisor'];

const dir = mkdtempSync(join(tmpdir(), 'tl-switch-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

interface Rig {
  card: Card;
  near: Record<Party, Channel>;
  far: Record<Party, Channel>;
}

async function rig(): Promise<Rig> {
  const card = testCard();
  const near = {} as Record<Party, Channel>;
  const far = {} as Record<Party, Channel>;
  for (const [i, p] of PARTIES.entries()) {
    [near[p], far[p]] = await openPair(card, i + 1);
    void far[p].play(sine(FREQ[p], 60_000, -10));  // each far end talks
  }
  return { card, near, far };
}

/** Which parties' voices each far end hears, over 400 ms. */
async function listen(r: Rig, label: string): Promise<Record<Party, Party[]>> {
  await r.card.clock.sleep(100);
  const recs = await Promise.all(PARTIES.map((p) => r.far[p].record(join(dir, `${label}-${p}.wav`), { direction: 'rx', encoding: 'pcm16' })));
  await r.card.clock.sleep(400);
  await Promise.all(recs.map((rec) => rec.stop()));
  const out = {} as Record<Party, Party[]>;
  for (const p of PARTIES) {
    const x = readWav(join(dir, `${label}-${p}.wav`)).samples;
    out[p] = PARTIES.filter((q) => goertzel(x, FREQ[q], 0, x.length) > 1e5);
  }
  return out;
}

test('bridge: caller and agent hear each other, no one else hears anything', async (t) => {
  const r = await rig();
  try {
    await r.card.bridge(r.near.caller, r.near.agent);
    t.deepEqual(await listen(r, 'bridge'), { caller: ['agent'], agent: ['caller'], supervisor: [] });
  } finally {
    await r.card.close();
  }
});

test('monitor: the supervisor hears both, neither hears the supervisor', async (t) => {
  const r = await rig();
  try {
    const conf = await r.card.bridge(r.near.caller, r.near.agent);
    await conf.add(r.near.supervisor, 'listen');
    t.deepEqual(await listen(r, 'monitor'), { caller: ['agent'], agent: ['caller'], supervisor: ['caller', 'agent'] });
  } finally {
    await r.card.close();
  }
});

test('whisper: only the agent hears the supervisor', async (t) => {
  const r = await rig();
  try {
    const conf = await r.card.bridge(r.near.caller, r.near.agent);
    await conf.add(r.near.supervisor, 'whisper', r.near.agent);
    t.deepEqual(await listen(r, 'whisper'), { caller: ['agent'], agent: ['caller', 'supervisor'], supervisor: ['caller', 'agent'] });
  } finally {
    await r.card.close();
  }
});

test('barge-in and a three-way conference: everyone hears everyone else', async (t) => {
  const r = await rig();
  try {
    const conf = await r.card.bridge(r.near.caller, r.near.agent);
    await conf.add(r.near.supervisor, 'whisper', r.near.agent);
    await conf.setMode(r.near.supervisor, 'full');
    t.deepEqual(await listen(r, 'barge'), {
      caller: ['agent', 'supervisor'],
      agent: ['caller', 'supervisor'],
      supervisor: ['caller', 'agent'],
    });
  } finally {
    await r.card.close();
  }
});

test('removing a member and destroying the conference part the parties', async (t) => {
  const r = await rig();
  try {
    const conf = await r.card.bridge(r.near.caller, r.near.agent);
    await conf.add(r.near.supervisor, 'full');
    await conf.remove(r.near.supervisor);
    t.deepEqual(await listen(r, 'removed'), { caller: ['agent'], agent: ['caller'], supervisor: [] });
    await conf.destroy();
    t.deepEqual(await listen(r, 'destroyed'), { caller: [], agent: [], supervisor: [] });
  } finally {
    await r.card.close();
  }
});

test('switch errors are typed: a channel in two conferences, an unknown conference, a whisper target outside', async (t) => {
  const r = await rig();
  try {
    const conf = await r.card.bridge(r.near.caller, r.near.agent);
    const other = await r.card.createConference();
    t.is(codeOf(await t.throwsAsync(other.add(r.near.caller))), 'ERR_ALREADY_IN_CONFERENCE');
    t.is(codeOf(await t.throwsAsync(other.add(r.near.supervisor, 'whisper', r.near.agent))), 'ERR_NOT_IN_CONFERENCE');
    await other.destroy();
    t.is(codeOf(await t.throwsAsync(other.add(r.near.supervisor))), 'ERR_UNKNOWN_CONFERENCE');
    await conf.destroy();
  } finally {
    await r.card.close();
  }
});
