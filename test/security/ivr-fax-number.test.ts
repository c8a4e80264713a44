/**
 * A fax a caller asks for in the IVR (a statement to a keyed number) goes only to numbers the
 * tenant allows (security.outsideNumbers): another number is refused with a spoken message,
 * nothing is queued, and the request is in the audit log, refused or not.
 */
import test from 'ava';
import { faxModule } from '../../src/fax/module.js';
import { IvrWorld } from '../ivr/harness.js';
import { dialCardServices } from '../ivr/card-caller.js';

let world: IvrWorld;

test.before(async () => {
  world = await IvrWorld.start({ today: '2026-03-02', time: '10:00', modules: [faxModule()] });
  world.services.config.security.outsideNumbers = { '*': ['6400XXXX'] };
});
test.after.always(async () => {
  await world?.close();
});

async function askStatementFaxTo(number: string) {
  const caller = await dialCardServices(world);
  await caller.answer('menu.card', '4');
  await caller.answer('enter.date', '20260101');
  await caller.answer('fax.enter_number', `${number}#`);
  return caller;
}

const audits = () => world.services.store.knex('audit_log').where({ action: 'ivr.faxToNumber' }).orderBy('at');

test.serial('a keyed number outside the allowed patterns: refused aloud, nothing queued, audited', async (t) => {
  const caller = await askStatementFaxTo('0088112345678');
  await caller.prompt('fax.number_not_allowed');
  await caller.hangUp();
  t.is(Number((await world.services.store.knex('fax_jobs').count({ n: '*' }))[0]!.n), 0);
  await world.services.records.flush();
  const [entry] = await audits();
  t.truthy(entry, 'the refusal is audited');
  t.is(entry.outcome, 'denied');
  t.regex(entry.after_json, /0088112345678/);
});

test.serial('an allowed number is queued as before, and audited too', async (t) => {
  const caller = await askStatementFaxTo('64000001');
  await caller.prompt('fax.will_call');
  await caller.hangUp();
  t.is(Number((await world.services.store.knex('fax_jobs').where({ number: '64000001' }).count({ n: '*' }))[0]!.n), 1);
  await world.services.records.flush();
  const entries = await audits();
  t.is(entries.at(-1)?.outcome, 'ok');
});
