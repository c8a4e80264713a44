// Answering-machine detection in the engine (native/dsp/answer_detector.h):
// a generated corpus of people's short answers and machines' greetings, with
// noise and level changes, played across a virtual card's cable; then the
// verdicts for fax tones, silence, beeps, and the commands' edges.
import test from 'ava';
import { openPair, testCard } from '../helpers/card.js';
import { codeOf } from '../helpers/errors.js';
import { accuracy, babblePersonSample, classifyOnCard, corpus } from '../helpers/amd-corpus.js';
import { beep, concat, silence } from '../../src/telephony/simnet/sim-voices.js';

test('a corpus of people and machines: at least 90% of people pass as people, 85% of machines are detected', async (t) => {
  t.timeout(240_000);
  const samples = await corpus(7, 40, 40);
  const card = testCard();
  try {
    const results = await classifyOnCard(card, samples);
    t.is(results.length, samples.length);
    const acc = accuracy(results.map((r) => ({ kind: r.sample.kind, result: r.result })));
    for (const r of results) {
      if (r.result !== r.sample.kind) {
        t.log(`missed: ${r.sample.id} (${r.sample.lang}, ${r.sample.noise} ${r.sample.snrDb} dB, ${r.sample.levelDbm0} dBm0) "${r.sample.text}" -> ${r.result} after ${r.afterMs} ms`);
      }
    }
    const personMs = results.filter((r) => r.sample.kind === 'person' && r.result === 'person').map((r) => r.afterMs);
    const machineMs = results.filter((r) => r.sample.kind === 'machine' && r.result === 'machine').map((r) => r.afterMs);
    const mean = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length));
    t.log(`amd: people_pct=${acc.peoplePct} machines_pct=${acc.machinesPct} samples=${results.length} person_verdict_ms=${mean(personMs)} machine_verdict_ms=${mean(machineMs)}`);
    t.true(acc.peoplePct >= 90, `people passed as people: ${acc.peoplePct}%`);
    t.true(acc.machinesPct >= 85, `machines detected: ${acc.machinesPct}%`);
    // Verdicts come within the analysis time.
    t.true(results.every((r) => r.afterMs > 0 && r.afterMs <= 5000));
  } finally {
    await card.close();
  }
});

test('people answering over background talk (a television, an office, 10-20 dB below them) pass as people', async (t) => {
  t.timeout(240_000);
  // One answer over talk 11 dB below it, heard from the first frame: the talk before "你好" and
  // after it once made one long utterance of it.
  const loud = await babblePersonSample(100_044);
  t.is(loud.noise, 'babble');
  t.true(loud.snrDb <= 12, `talk ${loud.snrDb} dB below the answer`);
  const samples = [loud, ...(await corpus(7, 0, 0, 40))];
  const card = testCard();
  try {
    const results = await classifyOnCard(card, samples);
    t.is(results.length, samples.length);
    for (const r of results) {
      if (r.result !== 'person') t.log(`missed: ${r.sample.id} (${r.sample.lang}, talk ${r.sample.snrDb} dB below, ${r.sample.levelDbm0} dBm0) "${r.sample.text}" -> ${r.result} after ${r.afterMs} ms`);
    }
    t.is(results.find((r) => r.sample === loud)?.result, 'person');
    const acc = accuracy(results.filter((r) => r.sample !== loud).map((r) => ({ kind: r.sample.kind, result: r.result })));
    t.log(`amd over background talk: people_pct=${acc.peoplePct} samples=${acc.people}`);
    t.true(acc.peoplePct >= 90, `people passed as people: ${acc.peoplePct}%`);
  } finally {
    await card.close();
  }
});

test('fax tones are a fax: CNG from a calling machine, CED from an answering one', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 1);
    let verdict = near.detectAnswer();
    await far.playTone('1100/500,0/3000', -12);
    t.is((await verdict).result, 'fax');
    await far.stopTone();
    verdict = near.detectAnswer();
    await far.playTone('2100', -12);
    t.is((await verdict).result, 'fax');
    await far.stopTone();
  } finally {
    await card.close();
  }
});

test('nobody speaks: silence after the initial-silence time, even over line noise', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 1);
    const quiet = await near.detectAnswer({ initialSilenceMs: 2000 });
    t.is(quiet.result, 'silence');
    t.true(quiet.afterMs >= 2000 && quiet.afterMs <= 2100, `after ${quiet.afterMs} ms`);
    // Steady hiss well above the digital idle: still nobody speaking.
    const noise = new Int16Array(8000 * 5);
    let seed = 1;
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      noise[i] = Math.round(((seed / 0x7fffffff) * 2 - 1) * 600);
    }
    const verdict = near.detectAnswer();
    void far.play(noise);
    t.is((await verdict).result, 'silence');
    await far.stopPlayback();
  } finally {
    await card.close();
  }
});

test('a beep after a short greeting is a machine', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 1);
    const verdict = near.detectAnswer();
    void far.play(concat([silence(400), beep(1000, 500, -15), silence(3000)]));
    const v = await verdict;
    t.is(v.result, 'machine');
    t.true(v.afterMs < 1500, `after ${v.afterMs} ms: the beep, not the time-out, decided`);
  } finally {
    await card.close();
  }
});

test('stopping, closing the channel and bad options', async (t) => {
  const card = testCard();
  try {
    const [near] = await openPair(card, 1);
    const verdict = near.detectAnswer();
    t.true(await near.stopAnswerDetection());
    t.is((await verdict).result, 'stopped');
    t.false(await near.stopAnswerDetection());
    const err = await t.throwsAsync(near.detectAnswer({ greetingMs: -1 }));
    t.is(codeOf(err), 'ERR_INVALID_ARGUMENT');
    t.regex(err!.message, /greetingMs/);
    const pending = near.detectAnswer();
    await near.close();
    t.is((await pending).result, 'stopped');
  } finally {
    await card.close();
  }
});
