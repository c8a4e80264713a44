import test from 'ava';
import type { AcdEvent } from '../../src/acd/queue-service.js';
import { agent, fixture, queue } from './harness.js';

test('a port that answers synchronously inside offerCallToAgent sees a settled state', (t) => {
  const f = fixture();
  const original = f.port.offerCallToAgent.bind(f.port);
  f.port.offerCallToAgent = (callId, agentId, offer) => {
    original(callId, agentId, offer);
    f.service.agentAnswered(callId, agentId); // auto-answer desk
  };
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  t.like(f.service.agent('a1'), { state: 'talking', callId: 'c1' });
  t.is(f.service.caller('c1').status, 'connected');
});

test('a failing port command is reported as an event and leaves the ACD state intact', (t) => {
  const f = fixture();
  const events: AcdEvent[] = [];
  f.service.events$.subscribe((e) => events.push(e));
  f.port.playToCaller = () => {
    throw new Error('prompt missing');
  };
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  t.is(f.service.agent('a1').state, 'ringing');
  t.deepEqual(f.port.offeredAgents('c1'), ['a1'], 'later commands were still sent');
  t.true(events.some((e) => e.type === 'port_error'));
});

test('events$ mirrors the logs and follows callers for a wallboard', (t) => {
  const f = fixture();
  const events: AcdEvent[] = [];
  f.service.events$.subscribe((e) => events.push(e));
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.service.signIn('a1');
  f.service.agentAnswered('c1', 'a1');
  f.service.callerHungUp('c1');
  t.deepEqual(
    events.flatMap((e) => (e.type === 'agent' ? [e.entry] : [])),
    f.agentLog,
  );
  t.deepEqual(
    events.flatMap((e) => (e.type === 'caller' ? [e.status] : [])),
    ['waiting', 'offered', 'connected', 'ended', 'left'],
  );
  t.deepEqual(
    events.flatMap((e) => (e.type === 'wait_log' ? [e.entry] : [])),
    f.waitLog,
  );
});

test('IVR data reaches the offer for the screen pop but never a log, record or event', (t) => {
  const f = fixture();
  const events: AcdEvent[] = [];
  f.service.events$.subscribe((e) => events.push(e));
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.callerEntered({ callId: 'c1', queueId: 'q', ivrData: { cardNumber: '6222020200112233445' } });
  f.service.signIn('a1');
  t.like(f.port.offers('c1')[0]?.offer.ivrData, { cardNumber: '6222020200112233445' });
  f.service.agentAnswered('c1', 'a1');
  f.service.callerHungUp('c1');
  const persisted = JSON.stringify([f.agentLog, f.waitLog, f.records, events]);
  t.false(persisted.includes('6222020200112233445'));
});

test('dispose cancels every timer', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { maxWaitS: 60, announce: { everyS: 10 } }));
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  t.true(f.clock.size > 0);
  f.service.dispose();
  t.is(f.clock.size, 0);
});
