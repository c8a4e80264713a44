/**
 * Flows over the HTTP API: refused at save with the node and field named, every save a new
 * version, any version made active again (roll back), and hot reload: a call in progress keeps
 * the version it started with while new calls get the new one. Also the IVR settings API.
 */
import test from 'ava';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { Client, makeOperator } from '../helpers/server.js';
import { Caller, IvrWorld } from './harness.js';

let world: IvrWorld;
let admin: Client;
let supervisor: Client;

test.before(async () => {
  world = await IvrWorld.start({
    time: '10:00',
    config: {
      telephony: {
        dialPlan: [
          { number: '95588', target: { kind: 'ivr', flow: 'main' }, lang: 'zh', tenant: 'bank' },
          { number: '95577', target: { kind: 'ivr', flow: 'hot' }, lang: 'zh', tenant: 'bank' },
        ],
      },
    },
  });
  [admin, supervisor] = await world.held(async () => {
    const listening = await world.server.listen(0, '127.0.0.1');
    const out: Client[] = [];
    for (const role of ['bank_admin', 'supervisor'] as const) {
      const op = await makeOperator(world.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: `flows-${role}`, role });
      const client = new Client(listening.url);
      if ((await client.login(op.username)).status !== 200) throw new Error('login failed');
      out.push(client);
    }
    return out as [Client, Client];
  });
});
test.after.always(async () => {
  await world?.close();
});

/** A small flow: a menu (its prompt tells the versions apart), key 1 plays `then`, goodbye. */
function hotFlow(menuPrompt: string, then: string) {
  return {
    start: 'menu',
    defaults: { goodbye: 'bye' },
    nodes: {
      menu: { type: 'menu', prompts: [menuPrompt], options: { '1': 'then' }, timeoutMs: 60_000, retries: 2 },
      then: { type: 'play', prompts: [then], bargeIn: false, next: 'bye' },
      bye: { type: 'hangup', prompts: ['goodbye'] },
    },
  };
}

test.serial('the shipped flow is version 1 of "main" for the default bank', async (t) => {
  const res = await world.held(() => supervisor.get('/api/v1/ivr/flows?name=main'));
  t.is(res.status, 200);
  t.is(res.body.items.length, 1);
  t.like(res.body.items[0], { name: 'main', activeVersion: 1, latestVersion: 1 });
  const flow = await world.held(() => supervisor.get(`/api/v1/ivr/flows/${res.body.items[0].id}`));
  t.is(flow.body.active.createdBy, 'system');
  t.is(flow.body.active.definition.start, 'welcome');
  const write = await world.held(() => supervisor.post('/api/v1/ivr/flows', { name: 'x', definition: hotFlow('welcome', 'goodbye') }));
  t.is(write.status, 403, 'supervisors read flows but do not change them');
});

test.serial('an invalid flow is refused at save, each problem naming its node and field', async (t) => {
  const cases: Array<{ definition: unknown; path: string; words: string[] }> = [
    {
      definition: { start: 'menu', nodes: { menu: { type: 'menu', prompts: ['menu.info'], options: { '1': 'nowhere' } } } },
      path: 'body.definition.nodes.menu.options.1',
      words: ['node "menu"', 'field "options.1"', 'no node "nowhere"'],
    },
    {
      definition: { start: 'a', nodes: { a: { type: 'play', prompts: ['no.such.prompt'], next: 'a' } } },
      path: 'body.definition.nodes.a.prompts.0',
      words: ['node "a"', 'no prompt "no.such.prompt"'],
    },
    {
      definition: { start: 'a', nodes: { a: { type: 'teleport', next: 'a' } } },
      path: 'body.definition.nodes.a.type',
      words: ['node "a"', 'field "type"'],
    },
    {
      definition: { start: 'a', nodes: { a: { type: 'collect', prompts: ['enter.card_pin'], max: 6, secure: true, into: 'pin', next: 'b' }, b: { type: 'play', prompts: [{ say: 'digits', from: '$pin' }], next: 'a' } } },
      path: 'body.definition.nodes.b.prompts.0.from',
      words: ['node "b"', 'secret'],
    },
    {
      definition: { start: 'a', nodes: { a: { type: 'menu', menu: 'menu.main', actions: { teleport: 'a' }, colour: 'red' } } },
      path: 'body.definition.nodes.a.colour',
      words: ['node "a"', 'field "colour"', 'unknown field'],
    },
  ];
  for (const c of cases) {
    const res = await world.held(() => admin.post('/api/v1/ivr/flows', { name: 'broken', definition: c.definition }));
    t.is(res.status, 422, JSON.stringify(c.definition));
    const detail = (res.body.error.details as Array<{ path: string; message: string }>).find((d) => d.path === c.path);
    t.truthy(detail, `${c.path} in ${JSON.stringify(res.body.error.details)}`);
    for (const w of c.words) t.true(detail!.message.includes(w), `"${w}" in "${detail!.message}"`);
    const dry = await world.held(() => admin.post('/api/v1/ivr/flows/validate', { definition: c.definition }));
    t.is(dry.status, 422);
  }
  const list = await world.held(() => admin.get('/api/v1/ivr/flows?name=broken'));
  t.is(list.body.items.length, 0, 'nothing was saved');
});

test.serial('versions, activation, roll back, and hot reload: a call keeps its version, new calls get the new one', async (t) => {
  const v1 = await world.held(() => admin.post('/api/v1/ivr/flows', { name: 'hot', definition: hotFlow('menu.info', 'intro.savings'), comment: 'first', activate: true }));
  t.is(v1.status, 201, v1.text);
  t.is(v1.body.version.version, 1);
  const flowId = v1.body.flow.id as string;

  const first = await world.dial({ to: '95577' });
  await first.prompt('menu.info');

  // While the first caller is at the menu, version 2 is saved and activated.
  const v2 = await world.held(() => admin.post('/api/v1/ivr/flows', { name: 'hot', definition: hotFlow('menu.fax', 'intro.card'), comment: 'second', activate: true }));
  t.is(v2.body.version.version, 2);
  t.is(v2.body.flow.activeVersion, 2);

  const second = await world.dial({ to: '95577', from: '13900000002' });
  await second.prompt('menu.fax');
  await second.press('1');
  await second.prompt('intro.card', { only: true });

  await first.press('1');
  await first.prompt('intro.savings', { only: true });
  await first.prompt('goodbye');
  await Promise.all([first.ended(), second.ended()]);
  const notes = (c: Caller) => c.events.flatMap((e) => (e.type === 'note' ? [e.text] : []));
  t.deepEqual(notes(first), ['ivr flow hot v1']);
  t.deepEqual(notes(second), ['ivr flow hot v2']);

  // Versions are listed newest first; a save without activate does not change what answers.
  const v3 = await world.held(() => admin.post('/api/v1/ivr/flows', { name: 'hot', definition: hotFlow('menu.payments', 'intro.payments') }));
  t.is(v3.body.flow.activeVersion, 2);
  const versions = await world.held(() => admin.get(`/api/v1/ivr/flows/${flowId}/versions`));
  t.deepEqual(versions.body.items.map((v: { version: number }) => v.version), [3, 2, 1]);
  t.deepEqual(versions.body.items.map((v: { comment: string | null }) => v.comment), [null, 'second', 'first']);
  const one = await world.held(() => admin.get(`/api/v1/ivr/flow-versions/${versions.body.items[2].id}`));
  t.is(one.body.definition.nodes.menu.prompts[0], 'menu.info');

  // Roll back to version 1: the next call hears version 1 again.
  const back = await world.held(() => admin.request('PUT', '/api/v1/ivr/flows/active', { name: 'hot', version: 1 }));
  t.is(back.status, 200, back.text);
  t.is(back.body.activeVersion, 1);
  const missing = await world.held(() => admin.request('PUT', '/api/v1/ivr/flows/active', { name: 'hot', version: 9 }));
  t.is(missing.status, 404);
  const third = await world.dial({ to: '95577' });
  await third.prompt('menu.info');
  await third.hangUp();
  const audit = await world.held(() => world.knex('audit_log').where({ target_id: flowId }).orderBy('at').select('action'));
  t.deepEqual(audit.map((a: { action: string }) => a.action), ['ivrFlows.save', 'ivrFlows.save', 'ivrFlows.save', 'ivrFlows.activate']);
});

test.serial('IVR settings: defaults, validation, audited changes', async (t) => {
  const got = await world.held(() => supervisor.get('/api/v1/ivr/settings'));
  t.is(got.status, 200);
  t.like(got.body.settings, { passwordChange: true, pinMaxAttempts: 3, languages: { default: 'zh', offered: ['zh', 'en'] } });
  t.is(got.body.updatedAt, null);
  const bad = await world.held(() => admin.request('PUT', '/api/v1/ivr/settings', { pinMaxAttempts: 0 }));
  t.is(bad.status, 422);
  const put = await world.held(() => admin.request('PUT', '/api/v1/ivr/settings', { passwordChange: false, languages: { offered: ['zh'] } }));
  t.is(put.status, 200, put.text);
  t.like(put.body.settings, { passwordChange: false, pinMaxAttempts: 3, languages: { default: 'zh', offered: ['zh'] } });
  t.is(put.body.updatedBy, 'flows-bank_admin');
  const audit = await world.held(() => world.knex('audit_log').where({ action: 'ivrSettings.put' }).first());
  t.truthy(audit);

  // With Mandarin only, the shipped flow skips the language menu.
  const caller = await world.dial();
  await caller.prompt('welcome');
  await caller.prompt('menu.main', { only: true });
  await caller.hangUp();
  await world.held(() => admin.request('PUT', '/api/v1/ivr/settings', {}));
});
