/**
 * The canary: a known card number and PIN, keyed during a recorded call, appear in no log line
 * (pino output at debug level), no database row (every table, CDRs and the transaction log
 * included), no session or bus event, and not in the call recording: the recording holds
 * silence while they are keyed.
 */
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TellerlineEvent } from '../../src/events/types.js';
import { readWav } from '../helpers/wav.js';
import { IvrWorld } from './harness.js';

const CARD = '6222021234567890123';
const PIN = '135790';

let world: IvrWorld;

test.before(async () => {
  world = await IvrWorld.start({ time: '10:00' });
});
test.after.always(async () => {
  await world?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('a card number and PIN keyed during a recorded call leak nowhere', async (t) => {
  const busEvents: TellerlineEvent[] = [];
  const sub = world.services.bus.events$.subscribe((e) => busEvents.push(e));

  const caller = await world.dial({ from: '13612345678' });
  const recordingPath = join(world.dir, 'call.wav');
  const recordedFrom = world.telephony.card.clock.now();
  const recording = await caller.session.record(recordingPath, { direction: 'mixed', encoding: 'alaw' });
  await caller.answer('lang.choose.zh', '1');
  await caller.answer('menu.main', '2');
  await caller.answer('enter.card', `${CARD}#`);
  await caller.answer('enter.card_pin', `${PIN}#`);
  await caller.answer('menu.card', '1');
  await caller.prompt('result.balance');
  await caller.prompt('menu.card');
  const result = await recording.stop();
  await caller.hangUp();
  sub.unsubscribe();
  await world.held(() => world.services.records.flush());

  // The login worked: the core saw the card and the PIN.
  const verify = await world.held(() => world.knex('transaction_log').where({ operation: 'verifyCard' }).select());
  t.is(verify.length, 1);
  t.is(verify[0].result, 'ok');
  t.true(String(verify[0].key_fields_json).includes('cardNumber'), 'the transaction log names the card (masked)');

  const leaks = (what: string, text: string) => {
    t.false(text.includes(CARD), `${what} holds the card number`);
    t.false(text.includes(PIN), `${what} holds the PIN`);
  };
  leaks('the log', world.logLines.join('\n'));
  t.true(world.logLines.some((l) => l.includes('ivr node')), `the log was captured (${world.logLines.length} lines)`);
  leaks('the session events', JSON.stringify(world.allSessionEvents()));
  leaks('the bus events', JSON.stringify(busEvents));
  t.true(busEvents.some((e) => e.type === 'session.event'));

  const tables = await world.held(async () => {
    const rows = (await world.knex.raw("select name from sqlite_master where type = 'table'")) as Array<{ name: string }>;
    const out: Record<string, unknown[]> = {};
    for (const { name } of rows) out[name] = await world.knex(name).select();
    return out;
  });
  t.true((tables['cdr'] ?? []).length >= 1);
  for (const [name, rows] of Object.entries(tables)) leaks(`table ${name}`, JSON.stringify(rows));
  // Nothing else the server wrote (journal, voicemail, keys) holds them either.
  for (const file of filesUnder(join(world.dir, 'data'))) leaks(file, readFileSync(file).toString('latin1'));

  // The recording: silence while the card number and the PIN were keyed.
  const wav = readWav(result.path);
  const secure = caller.events.filter((e) => e.type === 'secure');
  const windows: Array<[number, number]> = [];
  for (let i = 0; i + 1 < secure.length; i += 2) {
    const on = secure[i]!;
    const off = secure[i + 1]!;
    if (on.type === 'secure' && on.on && off.type === 'secure' && !off.on) windows.push([on.at - recordedFrom, off.at - recordedFrom]);
  }
  t.is(windows.length, 2, 'card number and PIN entry');
  const peak = (fromMs: number, toMs: number) => {
    let max = 0;
    for (let i = Math.max(0, Math.round(fromMs * 8)); i < Math.min(wav.samples.length, Math.round(toMs * 8)); i++) max = Math.max(max, Math.abs(wav.samples[i]!));
    return max;
  };
  for (const [from, to] of windows) {
    t.true(to - from >= 1000, `keying took a while (${from}-${to} ms)`);
    t.true(peak(from + 100, to - 100) <= 8, `silence from ${from} to ${to} ms (peak ${peak(from + 100, to - 100)})`);
  }
  t.true(peak(0, windows[0]![0]) > 1000, 'the prompts before it were recorded');
  t.true(peak(windows[1]![1] + 100, wav.samples.length / 8) > 1000, 'and the menu after it');
});
