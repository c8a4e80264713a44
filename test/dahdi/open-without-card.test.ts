/**
 * openCard({ kind: 'dahdi' }) on a machine without a card, through the
 * addon: configuration mistakes are ERR_INVALID_ARGUMENT naming the key, and
 * a missing /dev/dahdi is ERR_CARD_OPEN telling the operator what to load.
 * (The native tests check the same messages below the addon; this checks
 * they reach JavaScript intact.)
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { openCard, TellerlineError, type DahdiCardOptions } from '../../bindings/index.js';

// The addon is built with the DAHDI backend exactly when this header exists.
const dahdiBuilt = existsSync('/usr/include/dahdi/user.h');
const dahdiPresent = existsSync('/dev/dahdi');

function openError(options: DahdiCardOptions): TellerlineError {
  let card;
  try {
    card = openCard(options);
  } catch (err) {
    if (err instanceof TellerlineError) return err;
    throw err;
  }
  void card.close();
  throw new Error('the DAHDI card opened');
}

if (!dahdiBuilt) {
  test('without DAHDI at build time, kind "dahdi" says so', (t) => {
    const err = openError({ kind: 'dahdi', dahdiSpans: '1' });
    t.is(err.code, 'ERR_INVALID_ARGUMENT');
    t.regex(err.message, /no DAHDI support/);
  });
} else {
  test('dahdiSpans missing: ERR_INVALID_ARGUMENT naming the key', (t) => {
    const err = openError({ kind: 'dahdi' } as unknown as DahdiCardOptions);
    t.is(err.code, 'ERR_INVALID_ARGUMENT');
    t.regex(err.message, /dahdiSpans/);
  });

  test('span 0: ERR_INVALID_ARGUMENT quoting the value', (t) => {
    const err = openError({ kind: 'dahdi', dahdiSpans: '0' });
    t.is(err.code, 'ERR_INVALID_ARGUMENT');
    t.regex(err.message, /for dahdiSpans but received "0"/);
  });

  test('tickMs 15: ERR_INVALID_ARGUMENT', (t) => {
    const err = openError({ kind: 'dahdi', dahdiSpans: '1', tickMs: 15 as 10 });
    t.is(err.code, 'ERR_INVALID_ARGUMENT');
    t.regex(err.message, /tickMs/);
  });

  test('law "pcm": ERR_INVALID_ARGUMENT', (t) => {
    const err = openError({ kind: 'dahdi', dahdiSpans: '1', law: 'pcm' });
    t.is(err.code, 'ERR_INVALID_ARGUMENT');
    t.regex(err.message, /"alaw" or "ulaw" for law/);
  });

  (dahdiPresent ? test.skip : test)('no /dev/dahdi: ERR_CARD_OPEN saying what to load', (t) => {
    const err = openError({ kind: 'dahdi', dahdiSpans: '1' });
    t.is(err.code, 'ERR_CARD_OPEN');
    t.regex(err.message, /\/dev\/dahdi\/channel does not exist/);
    t.regex(err.message, /dahdi_cfg/);
  });

  test('a device that is not DAHDI: ERR_CARD_OPEN naming it', (t) => {
    const err = openError({ kind: 'dahdi', dahdiSpans: '1', dahdiDevice: '/dev/null' });
    t.is(err.code, 'ERR_CARD_OPEN');
    t.regex(err.message, /\/dev\/null is not a DAHDI channel device/);
  });
}
