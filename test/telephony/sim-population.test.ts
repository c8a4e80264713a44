/**
 * The simulated network as a population: outbound calls from the bank meet
 * people who answer after 3-15 s and say "喂" (then key a survey answer and
 * hang up), answering machines with spoken greetings, fax machines, busy
 * lines and no answers -- in seeded, repeatable shares -- and the bank's
 * classifyAnswer() tells them apart on the virtual card.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Cause } from '../../bindings/index.js';
import { simPopulationSchema } from '../../src/config/schema.js';
import { ANSWER_CLASS_KEY, classifyAnswer, type AnswerClass } from '../../src/telephony/answer-detection.js';
import { SimPopulation } from '../../src/telephony/simnet/sim-population.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { REPO, startTelephonyServer, type TelephonyTestServer } from '../helpers/telephony.js';

test('the same seed gives the same answers; the shares hold over many calls; a retry draws again', async (t) => {
  const settings = simPopulationSchema.parse({ enabled: true, seed: 42, personPct: 35, noAnswerPct: 35, busyPct: 10, machinePct: 15, faxPct: 5 });
  const a = await SimPopulation.create(settings);
  const b = await SimPopulation.create(settings);
  const numbers = Array.from({ length: 4000 }, (_, i) => `1380000${String(i).padStart(4, '0')}`);
  const drawsA = numbers.map((n) => a.next(n).outcome);
  t.deepEqual(numbers.map((n) => b.next(n).outcome), drawsA);
  const share = (o: string) => (100 * drawsA.filter((x) => x === o).length) / drawsA.length;
  t.true(Math.abs(share('person') - 35) < 3, `people ${share('person')}%`);
  t.true(Math.abs(share('no-answer') - 35) < 3, `no answer ${share('no-answer')}%`);
  t.true(Math.abs(share('busy') - 10) < 2, `busy ${share('busy')}%`);
  t.true(Math.abs(share('answering-machine') - 15) < 2, `machines ${share('answering-machine')}%`);
  t.true(Math.abs(share('fax') - 5) < 1.5, `fax ${share('fax')}%`);
  // Second calls to the same numbers draw anew: not all the same as the first.
  const retries = numbers.slice(0, 200).map((n) => a.next(n).outcome);
  t.notDeepEqual(retries, drawsA.slice(0, 200));
  // Ring times stay within the configured 3-15 s.
  for (const n of numbers.slice(0, 300)) {
    const { behavior } = a.next(n);
    if ('ringMs' in behavior && behavior.ringMs !== undefined) t.true(behavior.ringMs >= 3000 && behavior.ringMs <= 15000);
  }
});

test('bad population settings are refused with the reason', (t) => {
  t.throws(() => simPopulationSchema.parse({ answerMinMs: 9000, answerMaxMs: 3000 }), { message: /answerMinMs must not exceed answerMaxMs/ });
  t.throws(() => simPopulationSchema.parse({ personPct: 0, noAnswerPct: 0, busyPct: 0, machinePct: 0, faxPct: 0 }), { message: /at least one share/ });
  t.throws(() => simPopulationSchema.parse({ personPct: 120 }));
  t.throws(() => simPopulationSchema.parse({ personDtmf: 'x' }));
});

let ts: TelephonyTestServer;
test.before(async () => {
  ts = await startTelephonyServer();
});
test.after.always(async () => {
  await ts?.close();
});

test('an outbound run on the virtual card: people, machines and faxes are classed, busy and unanswered calls fail with their causes', async (t) => {
  t.timeout(180_000);
  const put = await fetch(`${ts.simUrl}/sim/population`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ts.simToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ seed: 7, personPct: 40, noAnswerPct: 15, busyPct: 10, machinePct: 25, faxPct: 10, personDtmf: '2', personDtmfAfterMs: 5000 }),
  });
  t.is(put.status, 200);
  const got = (await (await fetch(`${ts.simUrl}/sim/population`, { headers: { authorization: `Bearer ${ts.simToken}` } })).json()) as { enabled: boolean; seed: number };
  t.true(got.enabled);
  t.is(got.seed, 7);
  const bad = await fetch(`${ts.simUrl}/sim/population`, { method: 'PUT', headers: { authorization: `Bearer ${ts.simToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ answerMinMs: 5000, answerMaxMs: 1000 }) });
  t.is(bad.status, 400);
  t.regex(await bad.text(), /answerMinMs must not exceed answerMaxMs/);

  const telephony = ts.services.telephony!;
  const numbers = Array.from({ length: 20 }, (_, i) => `0208888${String(i).padStart(4, '0')}`);
  const outcomes = await Promise.all(numbers.map(async (number) => {
    try {
      const session = await telephony.dial({ number, tenantId: DEFAULT_BANK_TENANT_ID, ringTimeoutMs: 20_000 });
      const keys: string[] = [];
      const sub = session.keys$.subscribe((k) => keys.push(k));
      const answeredBy: AnswerClass = await classifyAnswer(session);
      if (answeredBy === 'person') {
        // A person keys the survey answer and hangs up by themselves.
        const released = await session.released;
        t.is(released.by, 'caller');
      } else {
        await session.hangUp();
      }
      sub.unsubscribe();
      return { number, answeredBy, keys: keys.join('') };
    } catch (err) {
      return { number, cause: (err as { cause?: number }).cause, error: String(err) };
    }
  }));
  const seen = new Map(ts.services.sim!.network.outboundCalls().map((c) => [c.to, c.behavior]));
  const expected: Record<string, AnswerClass> = { person: 'person', 'answering-machine': 'machine', fax: 'fax' };
  const tally: Record<string, number> = {};
  for (const o of outcomes) {
    const kind = seen.get(o.number)!;
    if (kind === undefined) t.log(o);
    tally[kind] = (tally[kind] ?? 0) + 1;
    if ('answeredBy' in o) {
      t.is(o.answeredBy, expected[kind], `${o.number} (${kind})`);
      if (kind === 'person') t.is(o.keys, '2', `${o.number} keyed the survey answer`);
    } else if (kind === 'busy') {
      t.is(o.cause, Cause.USER_BUSY);
    } else {
      t.is(kind, 'no-answer');
      t.is(o.cause, Cause.NO_ANSWER);
    }
  }
  t.log('population outcomes', tally);
  for (const kind of ['person', 'answering-machine', 'busy']) t.true((tally[kind] ?? 0) > 0, `some ${kind} among the calls`);
});

test('classifyAnswer: a callee who hangs up before a verdict counts as silence, and the verdict is kept on the session', async (t) => {
  const lines = (number: string, behavior: object) => fetch(`${ts.simUrl}/sim/lines/${number}`, {
    method: 'PUT', headers: { authorization: `Bearer ${ts.simToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ behavior }),
  });
  t.is((await lines('02099990001', { kind: 'answer', ringMs: 1000, hangupAfterMs: 800 })).status, 200);
  t.is((await lines('02099990002', { kind: 'person', ringMs: 1000, dtmf: '12' })).status, 200);
  t.is((await lines('02099990003', { kind: 'person', dtmf: 'x' })).status, 400);
  const telephony = ts.services.telephony!;
  const gone = await telephony.dial({ number: '02099990001', tenantId: DEFAULT_BANK_TENANT_ID });
  t.is(await classifyAnswer(gone), 'silence');
  t.is(gone.data.get(ANSWER_CLASS_KEY), 'silence');
  // Someone who answers and says nothing (keys digits later): silence too, after initialSilenceMs.
  const mute = await telephony.dial({ number: '02099990002', tenantId: DEFAULT_BANK_TENANT_ID });
  t.is(await classifyAnswer(mute, { initialSilenceMs: 2000 }), 'silence');
  await mute.hangUp();
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin', 'tellerline.js'), ...args], { timeout: 120_000, env: { ...process.env, TELLERLINE_SIM_TOKEN: ts.simToken } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

test.serial('tellerline sim population sets, shows and clears the population', async (t) => {
  const set = await cli(['sim', 'population', '--server', ts.simUrl, '--seed', '9', '--person', '50', '--machine', '20', '--person-dtmf', '1']);
  t.is(set.code, 0, set.stderr);
  const settings = JSON.parse(set.stdout) as { seed: number; personPct: number; machinePct: number; personDtmf: string; enabled: boolean };
  t.like(settings, { enabled: true, seed: 9, personPct: 50, machinePct: 20, personDtmf: '1' });
  t.is(ts.services.sim!.network.population?.settings.seed, 9);
  const bad = await cli(['sim', 'population', '--server', ts.simUrl, '--person-dtmf', 'x']);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /personDtmf/);
  const off = await cli(['sim', 'population', '--server', ts.simUrl, '--off']);
  t.is(off.code, 0, off.stderr);
  t.is(ts.services.sim!.network.population, undefined);
  const shown = await cli(['sim', 'population', '--server', ts.simUrl]);
  t.deepEqual(JSON.parse(shown.stdout), { enabled: false });
});
