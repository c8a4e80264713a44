import test from 'ava';
import { codeOf } from '../helpers/errors.js';
import { filter, firstValueFrom } from 'rxjs';
import { Cause, alarmNames, type Call } from '../../bindings/index.js';
import { priRig, waitUp } from '../helpers/pri.js';

test('cable pulled: D-channel down, every call cleared (cause 38), span marked down; restored: service resumes by itself', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    const inbound: Call[] = [];
    const sub = bank[0]!.calls$.subscribe((c) => {
      inbound.push(c);
      void c.answer();
    });
    const calls = await Promise.all([1, 2, 3, 4, 5].map((i) => net[0]!.dial({ called: '95588', calling: String(i) })));
    await Promise.all(calls.map((c) => c.connected()));
    const bankDown = waitUp(bank[0]!, false);
    const netDown = waitUp(net[0]!, false);
    await card.cable(0).pull();
    await Promise.all([bankDown, netDown]);
    t.false(bank[0]!.dchannelUp);
    t.deepEqual(alarmNames(bank[0]!.alarms), ['red', 'los']);
    const causes = await Promise.all(inbound.map((c) => c.released));
    t.deepEqual(causes, [38, 38, 38, 38, 38]);
    t.deepEqual(await Promise.all(calls.map((c) => c.released)), [38, 38, 38, 38, 38]);
    for (const c of inbound) t.is(bank[0]!.channel(c.channel).state, 'idle');
    const refused = await t.throwsAsync(net[0]!.dial({ called: '95588', calling: '9' }));
    t.is(codeOf(refused), 'ERR_SPAN_DOWN');

    const bankUp = waitUp(bank[0]!);
    const netUp = waitUp(net[0]!);
    await card.cable(0).restore();
    await Promise.all([bankUp, netUp]);
    const after = await net[0]!.dial({ called: '95588', calling: '10' });
    await after.connected();
    await after.hangUp();
    t.is(await after.released, Cause.NORMAL_CLEARING);
    sub.unsubscribe();
  } finally {
    await card.close();
  }
});

test('malformed and unexpected Q.931 from the far end: no crash, no stuck channel, calls still work', async (t) => {
  const { card, bank, net } = await priRig();
  try {
    const notices: string[] = [];
    bank[0]!.notices$.subscribe((n) => notices.push(n));
    // Q.921 I-frames (from the network's TEI 0) carrying broken Q.931: wrong
    // protocol discriminator, truncated call reference, unknown message type,
    // a RELEASE for a call that does not exist, a SETUP with garbage IEs.
    const frames = [
      [0x02, 0x01, 0x00, 0x00, 0x99, 0x01, 0x02, 0x05],
      [0x02, 0x01, 0x02, 0x00, 0x08, 0x02],
      [0x02, 0x01, 0x04, 0x00, 0x08, 0x02, 0x00, 0x77, 0x7f],
      [0x02, 0x01, 0x06, 0x00, 0x08, 0x02, 0x00, 0x55, 0x4d],
      [0x02, 0x01, 0x08, 0x00, 0x08, 0x02, 0x00, 0x66, 0x05, 0x04, 0xff, 0x18, 0x09, 0x70, 0x30],
      [0xff],
      Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff),
    ];
    for (const f of frames) await bank[0]!.injectFrame(Uint8Array.from(f));
    await card.clock.sleep(2000);
    for (const ch of bank[0]!.channels) t.is(ch.state, 'idle', `${ch}`);
    const offered = firstValueFrom(bank[0]!.calls$);
    const out = await net[0]!.dial({ called: '95588', calling: '5' });
    const call = await offered;
    await call.answer();
    await out.connected();
    await call.hangUp();
    await out.released;
    t.log(`${notices.length} libpri notices, e.g. ${notices[0] ?? '-'}`);
  } finally {
    await card.close();
  }
});

test('overlap receiving: an incomplete called number is completed digit by digit', async (t) => {
  const { openCard } = await import('../../bindings/index.js');
  const card = openCard({
    spans: 2, cables: [[0, 1]], clock: 'freerun',
    signaling: [{ type: 'pri-cpe', overlapDial: true }, { type: 'pri-net', overlapDial: true }],
  });
  try {
    await Promise.all([waitUp(card.span(0)), waitUp(card.span(1))]);
    const offered = firstValueFrom(card.span(0).calls$);
    const out = await card.span(1).dial({ called: '955', calling: '7', overlap: true });
    const call = await offered;
    t.is(call.called, '955');
    const digits: string[] = [];
    call.events$.pipe(filter((e) => e.type === 'callDigits')).subscribe((e) => {
      if (e.type === 'callDigits') digits.push(e.digits);
    });
    await out.sendDigits('88');
    await card.clock.sleep(200);
    t.is(call.called + digits.join(''), '95588');
    await call.answer();
    await out.connected();
    await out.hangUp();
    await call.released;
  } finally {
    await card.close();
  }
});
