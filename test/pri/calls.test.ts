import test from 'ava';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { Cause, isTellerlineError, type Call } from '../../bindings/index.js';
import { priRig } from '../helpers/pri.js';

const nextCall = (span: { calls$: import('rxjs').Observable<Call> }) => firstValueFrom(span.calls$);

test('inbound call: SETUP is offered with numbers and B-channel; answer connects both sides', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    const offered = nextCall(bank[0]!);
    const out = await net[0]!.dial({ called: '95588', calling: '13800138000' });
    const call = await offered;
    t.is(call.direction, 'inbound');
    t.is(call.calling, '13800138000');
    t.is(call.called, '95588');
    t.is(call.party.presentation, 'allowed');
    t.is(call.channel, out.channel);
    // The card answered the SETUP with CALL PROCEEDING itself; proceeding() is then a no-op.
    t.is(call.state, 'proceeding');
    await call.proceeding();
    await call.alerting();
    const alerting = firstValueFrom(out.events$.pipe(filter((e) => e.type === 'callAlerting')));
    await alerting;
    await call.answer();
    await out.connected();
    t.is(call.state, 'up');
    t.is(out.state, 'up');
    t.is(bank[0]!.channel(call.channel).state, 'up');
    await out.hangUp();
    t.is(await call.released, Cause.NORMAL_CLEARING);
    t.is(bank[0]!.channel(call.channel).state, 'idle');
  } finally {
    await card.close();
  }
});

test('alerting and answer sent in the same tick leave the call up: a late state update never moves it back', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    const offered = nextCall(bank[0]!);
    const out = await net[0]!.dial({ called: '95588', calling: '13800138001' });
    const call = await offered;
    await Promise.all([call.alerting(), call.answer()]);
    await out.connected();
    t.is(call.state, 'up');
    await out.hangUp();
    await call.released;
  } finally {
    await card.close();
  }
});

test('calling number presentation restricted is passed through', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    const offered = nextCall(bank[0]!);
    await net[0]!.dial({ called: '95588', calling: '13900000000', restricted: true });
    t.is((await offered).party.presentation, 'restricted');
  } finally {
    await card.close();
  }
});

test('reject busy: the caller is released with cause 17 and the channel is free again', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    const offered = nextCall(bank[0]!);
    const out = await net[0]!.dial({ called: '95588', calling: '1' });
    const call = await offered;
    await call.reject(Cause.USER_BUSY);
    t.is(await out.released, Cause.USER_BUSY);
    await call.released;
    t.is(bank[0]!.channel(call.channel).state, 'idle');
    t.is(net[0]!.channel(out.channel).state, 'idle');
  } finally {
    await card.close();
  }
});

test('reject with no circuit (34) and unallocated number (1): the caller gets the cause', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    for (const cause of [Cause.NO_CIRCUIT_AVAILABLE, Cause.UNALLOCATED_NUMBER]) {
      const offered = nextCall(bank[0]!);
      const out = await net[0]!.dial({ called: '999', calling: '1' });
      const call = await offered;
      await call.reject(cause);
      t.is(await out.released, cause);
      t.is(await call.released, cause);
    }
  } finally {
    await card.close();
  }
});

test('the card acknowledges a SETUP by itself: a caller who hangs up before the application acts frees the channel', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    // Nobody on the bank side handles the offers (a busy application, a slow database).
    const offered: Call[] = [];
    const sub = bank[0]!.calls$.subscribe((c) => offered.push(c));
    for (let i = 0; i < 3; i++) {
      const out = await net[0]!.dial({ called: '95588', calling: `40${i}` });
      await firstValueFrom(out.events$.pipe(filter((e) => e.type === 'callProceeding')));
      await out.hangUp();
      t.is(await out.released, Cause.NORMAL_CLEARING);
      const call = offered[i]!;
      t.is(await call.released, Cause.NORMAL_CLEARING);
      t.deepEqual(call.hangup, { cause: Cause.NORMAL_CLEARING, remote: true });
      t.is(bank[0]!.channel(call.channel).state, 'idle', 'the B-channel is free again');
      t.is(call.channel, out.channel, 'the next call may take the same channel');
    }
    // The next call on that channel goes through.
    const nextOffer = nextCall(bank[0]!);
    const out = await net[0]!.dial({ called: '95588', calling: '499' });
    await (await nextOffer).answer();
    await out.connected();
    sub.unsubscribe();
    const status = await bank[0]!.status();
    t.is(status.signaling?.refusedSetups, 0);
  } finally {
    await card.close();
  }
});

test('caller hangs up first, then the bank hangs up first: both clear cleanly with the right side reported', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    for (const first of ['caller', 'bank'] as const) {
      const offered = nextCall(bank[0]!);
      const out = await net[0]!.dial({ called: '95588', calling: '2' });
      const call = await offered;
      await call.answer();
      await out.connected();
      if (first === 'caller') await out.hangUp();
      else await call.hangUp();
      await Promise.all([out.released, call.released]);
      t.deepEqual(call.hangup, { cause: Cause.NORMAL_CLEARING, remote: first === 'caller' });
      t.deepEqual(out.hangup, { cause: Cause.NORMAL_CLEARING, remote: first === 'bank' });
    }
    const [bankStatus, netStatus] = await Promise.all([bank[0]!.status(), net[0]!.status()]);
    t.is(bankStatus.signaling?.calls, 0);
    t.is(netStatus.signaling?.calls, 0);
  } finally {
    await card.close();
  }
});

test('outbound: busy, no answer and answer, with proceeding and alerting reported', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    // busy
    let offered = nextCall(net[0]!);
    let out = await bank[0]!.dial({ called: '13800000001', calling: '95588' });
    (await offered).reject(Cause.USER_BUSY);
    t.is(await out.released, Cause.USER_BUSY);

    // no answer: the far end rings; the bank gives up after 30 s of engine time
    offered = nextCall(net[0]!);
    out = await bank[0]!.dial({ called: '13800000002', calling: '95588' });
    const ringing = await offered;
    await ringing.proceeding();
    await ringing.alerting(true);
    const events = firstValueFrom(out.events$.pipe(filter((e) => e.type === 'callAlerting'), take(1)));
    const alerting = await events;
    t.true(alerting.type === 'callAlerting' && alerting.inband);
    const start = card.clock.now();
    // When the far end saw the release: nothing may clear the call before the bank gives up.
    const releasedAt = ringing.released.then(() => card.clock.now());
    await card.clock.sleep(30_000);
    await out.hangUp(Cause.NO_ANSWER);
    t.is(await ringing.released, Cause.NO_ANSWER);
    t.true((await releasedAt) - start >= 30_000, `released after ${(await releasedAt) - start} ms of ringing`);

    // answer
    offered = nextCall(net[0]!);
    out = await bank[0]!.dial({ called: '13800000003', calling: '95588' });
    const answering = await offered;
    await answering.proceeding();
    await answering.answer();
    await out.connected();
    await out.hangUp();
    await Promise.all([answering.released, out.released]);
    const kinds = (await firstValueFrom(out.events$.pipe(toArray()))).map((e) => e.type);
    t.deepEqual(kinds, ['callProceeding', 'callConnected', 'callHangup', 'callReleased']);
  } finally {
    await card.close();
  }
});

test('glare on the same B-channel: the network keeps it, the bank\'s call moves to another channel', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    const bankOffered = nextCall(bank[0]!);
    const netOffered = nextCall(net[0]!);
    // Both ends seize channel 1 in the same tick.
    const [fromNet, fromBank] = await Promise.all([
      net[0]!.dial({ called: '95588', calling: '3', channel: 1 }),
      bank[0]!.dial({ called: '13800000004', calling: '95588', channel: 1 }),
    ]);
    const atBank = await bankOffered;
    const atNet = await netOffered;
    t.is(atBank.channel, 1);
    t.not(fromBank.channel, 1);
    t.is(atNet.channel, fromBank.channel);
    await Promise.all([atBank.answer(), atNet.answer()]);
    await Promise.all([fromNet.connected(), fromBank.connected()]);
    const status = await bank[0]!.status();
    t.is(status.signaling?.glares, 1);
    await Promise.all([fromNet.hangUp(), fromBank.hangUp()]);
    await Promise.all([atBank.released, atNet.released]);
  } finally {
    await card.close();
  }
});

test('all 30 channels busy: the next call finds no circuit (cause 34), and service resumes when one frees', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    const answered: Call[] = [];
    const sub = bank[0]!.calls$.subscribe((c) => {
      answered.push(c);
      void c.answer();
    });
    const calls = [];
    for (let i = 0; i < 30; i++) calls.push(await net[0]!.dial({ called: '95588', calling: String(1000 + i) }));
    await Promise.all(calls.map((c) => c.connected()));
    const err = await t.throwsAsync(net[0]!.dial({ called: '95588', calling: '2000' }));
    t.true(isTellerlineError(err, 'ERR_NO_CIRCUIT'));
    const outErr = await t.throwsAsync(bank[0]!.dial({ called: '110', calling: '95588' }));
    t.true(isTellerlineError(outErr, 'ERR_NO_CIRCUIT'));
    await calls[0]!.hangUp();
    await calls[0]!.released;
    const again = await net[0]!.dial({ called: '95588', calling: '2001' });
    await again.connected();
    sub.unsubscribe();
    t.is(answered.length, 31);
  } finally {
    await card.close();
  }
});
