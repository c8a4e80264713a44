import test from 'ava';
import { agent, fixture, queue } from './harness.js';

test('an agent in several queues takes the longest-waiting eligible caller across them', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('loans'));
  f.service.upsertQueue(queue('cards'));
  f.service.upsertQueue(queue('funds'));
  f.service.upsertAgent(agent('a1', ['loans', 'cards']));
  f.service.callerEntered({ callId: 'loan-1', queueId: 'loans' });
  f.clock.advanceBy(5000);
  f.service.callerEntered({ callId: 'card-1', queueId: 'cards' });
  f.clock.advanceBy(5000);
  f.service.callerEntered({ callId: 'fund-1', queueId: 'funds' }); // not the agent's queue
  f.service.callerEntered({ callId: 'loan-2', queueId: 'loans' });
  f.service.signIn('a1');
  const served: string[] = [];
  for (let i = 0; i < 3; i++) {
    const last = f.port.lastOffer();
    if (!last) break;
    served.push(last.callId);
    f.service.agentAnswered(last.callId, 'a1');
    f.service.agentHungUp(last.callId, 'a1');
  }
  t.deepEqual(served, ['loan-1', 'card-1', 'loan-2']);
  t.deepEqual(f.port.offeredAgents('fund-1'), []);
});

test('across queues, priority comes before waiting time', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('loans'));
  f.service.upsertQueue(queue('cards'));
  f.service.upsertAgent(agent('a1', ['loans', 'cards']));
  f.service.callerEntered({ callId: 'loan-old', queueId: 'loans' });
  f.clock.advanceBy(60_000);
  f.service.callerEntered({ callId: 'card-vip', queueId: 'cards', priority: 5 });
  f.service.signIn('a1');
  t.deepEqual(f.port.offeredAgents('card-vip'), ['a1']);
});

test('a caller the agent cannot take (skills) does not block the next one in another queue', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('loans'));
  f.service.upsertQueue(queue('cards'));
  f.service.upsertAgent(agent('a1', ['loans', 'cards'], { skills: { mandarin: 9 } }));
  f.service.callerEntered({ callId: 'loan-en', queueId: 'loans', requiredSkills: [{ skill: 'english', minLevel: 1 }] });
  f.clock.advanceBy(1000);
  f.service.callerEntered({ callId: 'card-1', queueId: 'cards' });
  f.service.signIn('a1');
  t.deepEqual(f.port.offeredAgents('card-1'), ['a1']);
  t.deepEqual(f.port.offeredAgents('loan-en'), []);
});
