import test from 'ava';
import { filter, firstValueFrom, toArray } from 'rxjs';
import { openCard, type Card } from '../../bindings/index.js';
import { CallSession, type TimedSessionEvent } from '../../src/telephony/call-session.js';
import { SimNetwork } from '../../src/telephony/simnet/sim-network.js';
import { SimPhones } from '../../src/telephony/simnet/sim-phones.js';
import { virtualLayout } from '../../src/telephony/virtual-layout.js';
import { sine } from '../helpers/signal.js';

async function world(): Promise<{ card: Card; net: SimNetwork; phones: SimPhones; layout: ReturnType<typeof virtualLayout> }> {
  const layout = virtualLayout(1, 1, { clock: 'freerun' });
  const card = openCard(layout.options);
  await Promise.all(card.spans.map((s) => firstValueFrom(s.dchannel$.pipe(filter(Boolean)))));
  const net = new SimNetwork(card, layout.networkSpans.map((i) => card.span(i)));
  const phones = new SimPhones(card, layout.phoneSpans.map((i) => card.span(i)));
  return { card, net, phones, layout };
}

const prompt = (id: string, ms = 2000) => ({ id, text: id, file: sine(600, ms, -12) });

test('a session keeps type-ahead digits, masks secure entry, and reports prompts and hangup', async (t) => {
  const { card, net } = await world();
  try {
    const offered = firstValueFrom(card.span(0).calls$);
    const caller = await net.placeCall({ to: '95588', from: '13800138000' });
    const session = new CallSession(card, await offered, { trunkSpan: 0 });
    const events = firstValueFrom(session.events$.pipe(toArray()));
    await session.answer();
    await caller.answered();

    // The caller keys "1" during the greeting: the menu collect takes it.
    void caller.sendDtmf('1');
    const greeting = await session.play([prompt('welcome', 3000)], { bargeIn: true });
    t.is(greeting.reason, 'dtmf');
    const choice = await session.collect({ max: 1, prompts: [prompt('main.menu')] });
    t.deepEqual(choice, { digits: '1', reason: 'max' });

    // PIN entry: the digits come back to the collector, masked everywhere
    // else; the '#' pressed after the sixth digit is not taken as input.
    void caller.sendDtmf('123456#');
    const pin = await session.collect({ max: 6, secure: true, purpose: 'pin' });
    t.deepEqual(pin, { digits: '123456', reason: 'max' });
    t.false(session.secure);

    // Timeout with nothing pressed.
    const nothing = await session.collect({ max: 4, firstDigitTimeoutMs: 2000 });
    t.deepEqual(nothing, { digits: '', reason: 'timeout' });

    await caller.hangUp();
    const { by } = await session.released;
    t.is(by, 'caller');
    const log = (await events) as TimedSessionEvent[];
    const digits = log.filter((e) => e.type === 'digits');
    t.deepEqual(digits.map((e) => e.type === 'digits' && e.digits), ['1', '******', '']);
    t.false(JSON.stringify(log).includes('123456'));
    t.true(log.some((e) => e.type === 'prompt' && e.prompts[0]?.id === 'welcome'));
    t.is(log.at(-1)?.type, 'hangup');
  } finally {
    await card.close();
  }
});

test('the simulated network answers bank calls per line: busy, unallocated, answer', async (t) => {
  const { card, net } = await world();
  try {
    net.setLine('13900000001', { kind: 'busy' });
    const busy = await card.span(0).dial({ called: '13900000001', calling: '95588' });
    t.is(await busy.released, 17);
    const bad = await card.span(0).dial({ called: '12', calling: '95588' });
    t.is(await bad.released, 1);
    net.setLine('13900000002', { kind: 'answer', ringMs: 3000, dtmf: '42' });
    const ok = await card.span(0).dial({ called: '13900000002', calling: '95588' });
    const start = card.clock.now();
    await ok.connected();
    t.true(card.clock.now() - start >= 3000);
    const heard = firstValueFrom(card.span(0).channel(ok.channel).digits$);
    t.is(await heard, '4');
    await ok.hangUp();
    t.deepEqual(net.outboundCalls().map((c) => c.behavior), ['busy', 'unallocated', 'answer']);
  } finally {
    await card.close();
  }
});

test('simulated phones ring, auto-answer and hang up', async (t) => {
  const { card, phones, layout } = await world();
  try {
    const station = card.span(layout.stationSpans[0]!);
    const phone = phones.phone(0, 5);
    const seen = firstValueFrom(phones.events$.pipe(filter((e) => e.event === 'answered')));
    const call = await station.dial({ called: '8005', calling: '95588', channel: 5 });
    await call.connected();
    t.is((await seen).phone, '0/5');
    await phone.hangUp();
    await call.released;
    phone.mode = { kind: 'manual' };
    const ring = firstValueFrom(phones.events$.pipe(filter((e) => e.event === 'ringing')));
    const second = await station.dial({ called: '8005', calling: '95588', channel: 5 });
    await ring;
    t.true(phone.ringing);
    await phone.answer();
    await second.connected();
    await second.hangUp();
    await phone.call?.released;
  } finally {
    await card.close();
  }
});

test('the simulated network fills every trunk when callers arrive all at once', async (t) => {
  const layout = virtualLayout(4, 0, { clock: 'freerun' });
  const card = openCard(layout.options);
  try {
    await Promise.all(card.spans.map((s) => firstValueFrom(s.dchannel$.pipe(filter(Boolean)))));
    for (const i of layout.trunkSpans) card.span(i).calls$.subscribe((c) => void c.answer().catch(() => undefined));
    const net = new SimNetwork(card, layout.networkSpans.map((i) => card.span(i)));
    const sims = await Promise.all(Array.from({ length: 120 }, (_, i) => net.placeCall({ to: '95588', from: String(1000 + i) })));
    t.is(sims.filter((s) => s.call).length, 120, 'all 120 channels of 4 trunks are used');
    const extra = await net.placeCall({ to: '95588', from: '2000' });
    t.is(await extra.ended, 34, 'the next caller hears congestion (cause 34)');
  } finally {
    await card.close();
  }
});
