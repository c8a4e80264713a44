/**
 * The agent's desk stream (screen pop with IVR data, the masked customer profile and contact
 * history), recordings (policy, WAV with both parties, paused during secure entry, metadata,
 * supervisors see their own teams' recordings only), the satisfaction survey, and calls from
 * the desk (agent to agent, outbound) checked by audio.
 */
import test from 'ava';
import { filter } from 'rxjs';
import type { Call } from '../../bindings/index.js';
import { openStream } from '../helpers/fixtures.js';
import { goertzel } from '../helpers/signal.js';
import { readWav } from '../helpers/wav.js';
import {
  addAgent,
  bridged,
  addQueue,
  call,
  callerParty,
  IVR_NUMBER,
  loginOperator,
  manualPhones,
  ok,
  phone,
  phoneParty,
  signIn,
  startLive,
  stateOf,
  talk,
  until,
  whoHears,
  type LiveServer,
  type Party,
  nextValue,
} from './harness.js';
import type { Client } from '../helpers/server.js';

let live: LiveServer;
let agent: Client;

test.before(async () => {
  live = await startLive({ ivr: () => ({ queue: 'service', data: { menu: 'loss-report', account: '6222021234567890123' } }) });
  await addQueue(live, { id: 'service', settings: { recording: 'always' } });
  await addAgent(live, { id: 'r1', timeslot: 1, queues: ['service'], team: 'team-a' });
  await addAgent(live, { id: 'r2', timeslot: 2, queues: [], team: 'team-b' });
  manualPhones(live, 1, 2);
  await signIn(live, 'r1');
  await signIn(live, 'r2');
  agent = await loginOperator(live, 'agent-r1', 'agent', 'r1');
});
test.after.always(async () => {
  await live?.close();
});

function sseEvents(text: string): Array<{ event: string; data: any }> {
  return text
    .split('\n\n')
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1], data: /^data: (.*)$/m.exec(block)?.[1] }))
    .filter((e): e is { event: string; data: string } => e.event !== undefined && e.data !== undefined)
    .map((e) => ({ event: e.event, data: JSON.parse(e.data) }));
}

test.serial('screen pop on the agent\'s own stream: calling number, IVR data (masked), customer profile, history', async (t) => {
  // An earlier call from the same number, for the history.
  const earlier = await call(live, '13800000081', IVR_NUMBER);
  await until('r1 rings', () => phone(live, 1).ringing);
  await earlier.hangUp();
  await until('r1 free', () => stateOf(live, 'r1') === 'available' && !phone(live, 1).ringing);
  await live.services.records.flush();
  // What the general event bus carried meanwhile (in process: the SSE view filters by tenant).
  const bus: string[] = [];
  const busSubscription = live.services.bus.events$.subscribe((e) => bus.push(JSON.stringify(e)));
  const desk = await openStream(`${live.url}/api/v1/acd/desk/events`, { cookie: agent.cookie! });
  const sim = await call(live, '13800000081', IVR_NUMBER);
  await until('r1 rings', () => phone(live, 1).ringing);
  await desk.until((text) => {
    const seen = sseEvents(text);
    return seen.some((e) => e.event === 'offer') && seen.some((e) => e.event === 'screen_pop') && seen.some((e) => e.event === 'state' && e.data.state === 'ringing');
  }, 'the offer, the screen pop and the ringing state on the desk stream');
  desk.close();
  await sim.hangUp();
  // The call's release is the bus's last word on it: once it is in, anything the call leaked would be too.
  await until('the call released on the bus', () => bus.some((e) => e.includes('"call.released"') && e.includes('13800000081')));
  const events = sseEvents(desk.text);
  busSubscription.unsubscribe();
  const offer = events.find((e) => e.event === 'offer');
  const pop = events.find((e) => e.event === 'screen_pop');
  t.like(offer?.data, { agentId: 'r1', callingNumber: '13800000081', queueId: 'service' });
  t.like(pop?.data, { callingNumber: '13800000081', ivrData: { menu: 'loss-report' } });
  t.regex(pop?.data.ivrData.account, /^6222 [* ]+0123$/, 'a card number in the IVR data is masked');
  t.like(pop?.data.customer, { customerId: 'C000123', name: '张**', vip: true, city: 'Beijing' });
  t.true(pop?.data.history.length >= 1, 'the earlier call is in the contact history');
  t.true(events.some((e) => e.event === 'state' && e.data.state === 'ringing'));
  t.false(bus.some((e) => e.includes('loss-report') || e.includes('6222') || e.includes('C000123')), 'IVR data and the profile never reach the general event bus');
  t.true(bus.some((e) => e.includes('"call.queued"')), 'the bus has the call events');
  await until('r1 free', () => stateOf(live, 'r1') === 'available' && !phone(live, 1).ringing);
});

test.serial('recording: both parties in the WAV, silence during secure entry, metadata; supervisors see their teams only', async (t) => {
  const sim = await call(live, '13800000082', IVR_NUMBER);
  await until('r1 rings', () => phone(live, 1).ringing);
  await phone(live, 1).answer();
  await until('r1 talking', () => stateOf(live, 'r1') === 'talking' && bridged(live, 'r1'));
  const caller = callerParty(sim);
  const r1 = phoneParty(live, 1, 'r1', 1300);
  await talk([caller, r1]);
  const session = [...live.acd().acd.calls.values()][0]!.customer!;
  await until('recording', () => [...live.acd().acd.calls.values()][0]?.recordingId !== undefined);
  // The tones are flowing both ways before the talk that must be recorded.
  t.deepEqual(await whoHears(live, [caller, r1], 'recording-talk'), { caller: ['r1'], r1: ['caller'] });
  await live.card.clock.sleep(1000);
  session.enterSecure();
  await live.card.clock.sleep(1000);
  session.leaveSecure();
  await live.card.clock.sleep(1000);
  await sim.hangUp();
  await until('r1 free', () => stateOf(live, 'r1') === 'available');
  const knex = live.services.store.knex;
  let done = false;
  for (let i = 0; i < 200 && !done; i++) {
    await live.services.acd!.deps.activity.flush();
    done = (await knex('recordings').where({ calling: '13800000082', status: 'complete' })).length === 1;
    if (!done) await new Promise((r) => setTimeout(r, 10));
  }
  const rows = await knex('recordings').where({ calling: '13800000082' });
  t.is(rows.length, 1);
  const row = rows[0];
  t.like(row, { agent_id: 'r1', queue_id: 'service', team: 'team-a', status: 'complete' });
  t.true(row.duration_ms >= 3000);
  const wav = readWav(live.services.acd!.deps.recorder.pathOf(row.file)).samples;
  const power = (from: number, to: number, f: number) => goertzel(wav, f, from * 8, to * 8);
  // 100 ms windows: talk (both tones), then about a second of silence (secure entry), then talk.
  const windows: Array<'talk' | 'silent' | 'other'> = [];
  for (let ms = 0; ms + 100 <= wav.length / 8; ms += 100) {
    const a = power(ms, ms + 100, 1000) / 1e4;
    const b = power(ms, ms + 100, 1300) / 1e4;
    windows.push(a > 1 && b > 1 ? 'talk' : a < 0.1 && b < 0.1 ? 'silent' : 'other');
  }
  const pattern = windows.join(' ');
  // A second of talk (both parties), about a second of silence (secure entry), then talk again.
  t.regex(pattern, /(talk ){9,}((silent|other) )?(silent ){8,}((silent|other) )?talk/, 'caller and agent recorded, silence during secure entry');

  const teamA = await loginOperator(live, 'sup-a', 'supervisor', null);
  const teamB = await loginOperator(live, 'sup-b', 'supervisor', null);
  const ids = (await live.services.store.knex('operators').whereIn('username', ['sup-a', 'sup-b']).orderBy('username')).map((o: { id: string }) => o.id);
  await ok(live.admin.request('PUT', `/api/v1/acd/supervisors/${ids[0]}/teams`, { teams: ['team-a'] }));
  await ok(live.admin.request('PUT', `/api/v1/acd/supervisors/${ids[1]}/teams`, { teams: ['team-b'] }));
  const seenByA = await ok(teamA.get('/api/v1/recordings?calling=13800000082'));
  t.is(seenByA.items.length, 1);
  const seenByB = await ok(teamB.get('/api/v1/recordings?calling=13800000082'));
  t.is(seenByB.items.length, 0, 'another team\'s supervisor does not see it');
  t.is((await teamB.get(`/api/v1/recordings/${row.id}`)).status, 404);
  t.is((await teamB.get(`/api/v1/recordings/${row.id}/audio`)).status, 404);
  t.is((await agent.get('/api/v1/recordings')).status, 403, 'agents do not hear recordings');
  const audio = await fetch(`${live.url}/api/v1/recordings/${row.id}/audio?download=1`, { headers: { cookie: teamA.cookie! } });
  t.is(audio.status, 200);
  t.is(audio.headers.get('content-type'), 'audio/wav');
  t.regex(audio.headers.get('content-disposition') ?? '', /attachment/);
  const bytes = Buffer.from(await audio.arrayBuffer());
  t.is(bytes.subarray(0, 4).toString(), 'RIFF');
  await live.services.records.flush();
  t.is((await live.services.store.knex('audit_log').where({ action: 'recordings.download', target_id: row.id })).length, 1);
});

test.serial('survey: the agent hands the caller to the rating IVR; the answer is stored', async (t) => {
  const sim = await call(live, '13800000083', IVR_NUMBER);
  await until('r1 rings', () => phone(live, 1).ringing);
  await phone(live, 1).answer();
  await until('r1 talking', () => stateOf(live, 'r1') === 'talking' && bridged(live, 'r1'));
  const heard = nextValue(live.services.bus.events$.pipe(filter((e) => e.type === 'session.event' && (e.event as { type: string; prompts?: Array<{ id: string }> }).prompts?.[0]?.id === 'survey.intro')));
  await ok(agent.post('/api/v1/acd/agents/r1/survey'));
  await heard;
  t.not(stateOf(live, 'r1'), 'talking');
  await sim.sendDtmf('1');
  await sim.ended;
  await live.services.acd!.deps.activity.flush();
  const surveys = await ok(live.admin.get('/api/v1/acd/surveys'));
  t.like(surveys.items[0], { agentId: 'r1', queueId: 'service', rating: 1 });
});

test.serial('calls from the desk: agent to agent, and an outside number, by audio', async (t) => {
  await until('r1 available', () => stateOf(live, 'r1') === 'available');
  await ok(agent.post('/api/v1/acd/agents/r1/call', { agentId: 'r2' }));
  t.is(stateOf(live, 'r1'), 'busy');
  t.is(stateOf(live, 'r2'), 'busy', 'the called agent gets no queue call meanwhile');
  await until('r1\'s own phone rings first', () => phone(live, 1).ringing);
  await phone(live, 1).answer();
  await until('r2 rings', () => phone(live, 2).ringing);
  await phone(live, 2).answer();
  const r1 = phoneParty(live, 1, 'r1', 1300);
  const r2 = phoneParty(live, 2, 'r2', 1600);
  await until('connected', () => live.acd().deskCalls.of('r1')?.connected === true);
  await talk([r1, r2]);
  t.deepEqual(await whoHears(live, [r1, r2], 'a2a'), { r1: ['r2'], r2: ['r1'] });
  await phone(live, 2).hangUp();
  await until('both free', () => stateOf(live, 'r1') === 'available' && stateOf(live, 'r2') === 'available');

  const number = '13700000088';
  live.services.sim!.network.setLine(number, { kind: 'answer', ringMs: 500 });
  const networkSpan = live.services.sim!.roles.networkSpans[0]!;
  const seen = nextValue(live.card.span(networkSpan).calls$.pipe(filter((c: Call) => c.called === number)));
  await ok(agent.post('/api/v1/acd/agents/r1/call', { number }));
  await until('r1 rings', () => phone(live, 1).ringing);
  await phone(live, 1).answer();
  const outside = await seen;
  await outside.connected();
  await until('connected', () => live.acd().deskCalls.of('r1')?.connected === true);
  const far: Party = { name: 'outside', freq: 2500, channel: () => live.card.span(outside.span).channel(outside.channel) };
  await talk([r1, far]);
  t.deepEqual(await whoHears(live, [r1, far], 'outbound'), { r1: ['outside'], outside: ['r1'] });
  await outside.hangUp();
  await until('r1 free', () => stateOf(live, 'r1') === 'available');
  await live.services.records.flush();
  const cdrs = await live.services.store.knex('cdr').whereIn('direction', ['internal', 'outbound']).orderBy('offered_at');
  t.like(cdrs.find((c: { direction: string }) => c.direction === 'internal'), { calling: '8001', called: '8002', agent_id: 'r1', disposition: 'NORMAL' });
  t.like(cdrs.find((c: { called: string }) => c.called === number), { agent_id: 'r1' });
});
