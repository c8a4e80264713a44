/**
 * What stalled chaos runs: with the database away, the IVR puts callers it cannot serve through
 * to an agent; a simulated caller that kept waiting for its menu held that agent (who never hangs
 * up) until the call's time limit, and with every agent held the probes waited too. A caller is
 * now told when the bank puts it through instead of the prompt it waits for, and a limit on a
 * command to the chaos run's server is reported, never waited out.
 */
import test from 'ava';
import { Subject } from 'rxjs';
import type { Card } from '../../bindings/index.js';
import type { CallSession, TimedSessionEvent } from '../../src/telephony/call-session.js';
import type { SimCall } from '../../src/telephony/simnet/sim-call.js';
import { CallEnded, CallerLine, HandedOver } from '../../bench/soak/caller-line.js';
import { TimedOut, withTimeout } from '../../bench/chaos/with-timeout.js';

function fakeSession() {
  const events = new Subject<TimedSessionEvent>();
  let release: (v: { cause: number; by: 'caller' | 'bank' }) => void = () => undefined;
  const session = {
    ended: false,
    events$: events,
    released: new Promise<{ cause: number; by: 'caller' | 'bank' }>((r) => (release = r)),
  };
  let at = 0;
  const emit = (e: Record<string, unknown>) => events.next({ ...e, sessionId: 's1', at: at++, time: new Date(0).toISOString() } as unknown as TimedSessionEvent);
  const end = () => {
    session.ended = true;
    release({ cause: 16, by: 'bank' });
  };
  return { session: session as unknown as CallSession, emit, end };
}

const line = (session: CallSession) => new CallerLine({} as Card, {} as SimCall, session);

test('a caller waiting for a menu is told when the IVR puts it through to an agent instead', async (t) => {
  const { session, emit } = fakeSession();
  const caller = line(session);
  const waiting = caller.prompt('menu.card');
  emit({ type: 'prompt', prompts: [{ id: 'enter.card_pin' }] });
  emit({ type: 'prompt', prompts: [{ id: 'service.unavailable' }] });
  emit({ type: 'prompt', prompts: [{ id: 'agent.transfer' }] });
  const err = await t.throwsAsync(waiting, { instanceOf: HandedOver });
  t.regex(err!.message, /put through to an agent while waiting for prompt menu\.card; heard enter\.card_pin service\.unavailable agent\.transfer/);
});

test('the prompt it waits for still arrives when the IVR does not put it through (positive control)', async (t) => {
  const { session, emit } = fakeSession();
  const caller = line(session);
  const waiting = caller.prompt('menu.card');
  emit({ type: 'prompt', prompts: [{ id: 'service.unavailable' }] });
  emit({ type: 'prompt', prompts: [{ id: 'menu.card' }] });
  t.like(await waiting, { type: 'prompt' });
});

test('a call that ends while the caller waits is still CallEnded', async (t) => {
  const { session, end } = fakeSession();
  const caller = line(session);
  const waiting = caller.prompt('menu.card');
  end();
  await t.throwsAsync(waiting, { instanceOf: CallEnded });
});

test('a command with a limit that never answers is rejected as timed out; one that answers is not', async (t) => {
  await t.throwsAsync(withTimeout(new Promise(() => undefined), 20, 'a probe'), { instanceOf: TimedOut, message: /a probe did not finish/ });
  t.is(await withTimeout(Promise.resolve('done'), 60_000, 'a check'), 'done');
});
