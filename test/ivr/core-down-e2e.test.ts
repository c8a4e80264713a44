/**
 * The core banking system down (refusing, hanging, circuit open): callers hear "service
 * temporarily unavailable" and are offered an agent, never silence; a wrong PIN is not counted
 * when the core could not be asked. Then the agent path with the queue's outcomes.
 */
import test from 'ava';
import type { QueueOutcome, QueueRequest } from '../../src/telephony/ports.js';
import { Caller, IvrWorld } from './harness.js';
import { dialCardServices } from './card-caller.js';

/** A stand-in ACD: answers each enqueue with the next scripted outcome. */
const queueOutcomes: QueueOutcome[] = [];
const queueRequests: QueueRequest[] = [];

let world: IvrWorld;

test.before(async () => {
  world = await IvrWorld.start({
    time: '10:00',
    config: { gateway: { adapter: 'tcp', defaultTimeoutMs: 800, breaker: { consecutiveFailures: 4, coolDownMs: 3000, halfOpenProbes: 1 } } },
    modules: [
      (services) => {
        services.queues = {
          async enqueue(ctx, request) {
            queueRequests.push(request);
            const outcome = queueOutcomes.shift() ?? { kind: 'unavailable', reason: 'test' };
            if (outcome.kind === 'connected') await ctx.session.hangUp();
            return outcome;
          },
        };
      },
    ],
  });
});
test.after.always(async () => {
  await world?.close();
});

async function faults(set: Parameters<typeof world.core.faults.set>[0]): Promise<void> {
  await world.held(async () => {
    world.core.faults.set(set);
    await world.core.faultsApplied();
    if (set.down !== 'no') return;
    // The gateway reconnects after its back-off, and the breaker closes after its cool-down:
    // wait until a request reaches the core again.
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const ok = await world.services.gateway!.interestRates().then((r) => r.ok, () => false);
      if (ok) return;
    }
    throw new Error('the gateway did not come back');
  });
}

async function loggedIn(): Promise<Caller> {
  const caller = await dialCardServices(world);
  await caller.prompt('menu.card');
  return caller;
}

/** After the key that needed the core: unavailable, then the offer of an agent. */
async function expectUnavailableOffer(t: { is: (a: unknown, b: unknown, m?: string) => void }, caller: Caller): Promise<void> {
  const sorry = await caller.prompt('service.unavailable', { only: true });
  t.is(Caller.text(sorry), '对不起，该项服务暂时无法使用，请稍后再试。');
  const offer = await caller.prompt('menu.unavailable', { only: true });
  t.is(Caller.text(offer), '如需人工服务请按零，返回主菜单请按星号键。');
}

test.serial('a core refusing connections: "temporarily unavailable" and an agent offer; * returns to the main menu', async (t) => {
  const caller = await loggedIn();
  await faults({ down: 'refuse' });
  await caller.press('1');
  await expectUnavailableOffer(t, caller);
  await caller.press('*');
  await caller.prompt('menu.main', { only: true });
  await caller.hangUp();
  await faults({ down: 'no' });
});

test.serial('a hanging core: the same, once the operation time budget is spent', async (t) => {
  const caller = await loggedIn();
  await faults({ down: 'hang' });
  await caller.press('1');
  await expectUnavailableOffer(t, caller);
  await caller.hangUp();
  await faults({ down: 'no' });
  await world.held(() => world.services.records.flush());
  const timeouts = await world.held(() => world.knex('transaction_log').where({ operation: 'balance', error_code: 'GATEWAY_TIMEOUT' }).select());
  t.true(timeouts.length >= 1, 'the transaction log has the timed-out balance request');
});

test.serial('core down at login: the PIN is not counted as wrong; with the circuit open, callers still hear the offer, and 0 reaches an agent', async (t) => {
  await faults({ down: 'refuse' });
  const attempts: Caller[] = [];
  for (let i = 0; i < 5; i++) {
    const caller = await world.dial();
    await caller.answer('lang.choose.zh', '1');
    await caller.answer('menu.main', '2');
    await caller.answer('enter.card', '6222020000000002#');
    await caller.answer('enter.card_pin', '000000#');
    await expectUnavailableOffer(t, caller);
    attempts.push(caller);
    if (i < 4) await caller.hangUp();
  }
  t.not(world.services.gateway!.breaker.state, 'closed');
  const codes = await world.held(async () => {
    await world.services.records.flush();
    return (await world.knex('transaction_log').where({ operation: 'verifyCard' }).select('error_code')).map((r: { error_code: string }) => r.error_code);
  });
  t.true(codes.includes('GATEWAY_CIRCUIT_OPEN'), codes.join(','));
  t.is((await world.held(() => world.knex('ivr_pin_locks').select())).length, 0, 'no wrong PIN was counted');

  // The last caller takes the agent: connected, the IVR lets go of the call.
  queueOutcomes.push({ kind: 'connected', agentId: 'agent-7' });
  const last = attempts.at(-1)!;
  await last.press('0');
  await last.ended();
  t.is(queueRequests.at(-1)?.queue, 'general');
  t.is(queueRequests.at(-1)?.data['language'], 'zh');
  await faults({ down: 'no' });
});

test.serial('agent outcomes: back to the IVR, voicemail, unavailable with the offer to wait or leave a message', async (t) => {
  const caller = await world.dial();
  await caller.answer('lang.choose.zh', '1');
  queueOutcomes.push({ kind: 'ivr', reason: 'max-wait' });
  await caller.answer('menu.main', '0');
  await caller.prompt('agent.transfer');
  await caller.prompt('menu.main', { only: true });

  queueOutcomes.push({ kind: 'unavailable', reason: 'no agents' });
  await caller.press('0');
  await caller.prompt('agent.transfer');
  const offer = await caller.prompt('menu.queue', { only: true });
  t.true(Caller.text(offer).startsWith('对不起，座席人员暂时无法接听。'));
  queueOutcomes.push({ kind: 'voicemail', reason: 'all-busy' });
  await caller.press('1');
  await caller.prompt('agent.transfer');
  await caller.prompt('voicemail.intro', { only: true });
  await caller.hangUp();
  t.is(queueRequests.length >= 3, true);
});
