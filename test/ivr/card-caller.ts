/** A caller of the banking IVR who has logged in to card services with the simulator's demo card. */
import type { Caller, IvrWorld } from './harness.js';

/** The demo customer's card and PIN (docs/demo-customers.md). */
export const DEMO_CARD = '6222020000000001';
export const DEMO_PIN = '111111';

/** Dials the IVR, chooses Mandarin and card services and keys the card; the PIN is asked next. */
export async function dialCardLogin(world: IvrWorld, card: string): Promise<Caller> {
  const caller = await world.dial();
  await caller.answer('lang.choose.zh', '1');
  await caller.answer('menu.main', '2');
  await caller.answer('enter.card', `${card}#`);
  return caller;
}

/** Dials the IVR, chooses Mandarin and card services, keys the demo card and its PIN; the card menu comes next. */
export async function dialCardServices(world: IvrWorld): Promise<Caller> {
  const caller = await dialCardLogin(world, DEMO_CARD);
  await caller.answer('enter.card_pin', `${DEMO_PIN}#`);
  return caller;
}

/**
 * From the card menu: a statement from 1 January 2026 by fax on this line; the caller's own fax
 * machine receives it into `file`. Returns the machine's result.
 */
export async function receiveStatementOnOwnLine(caller: Caller, file: string) {
  await caller.answer('menu.card', '4');
  await caller.answer('enter.date', '20260101');
  await caller.answer('fax.enter_number', '#');
  await caller.prompt('fax.press_start');
  return caller.sim.channel!.fax({ mode: 'receive', file, calling: true, maxBitRate: 9600 });
}
