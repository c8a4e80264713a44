/**
 * A real E1 card through DAHDI, opened through the bindings. Skipped unless
 * TELLERLINE_DAHDI_SPANS names the DAHDI spans to open, e.g.
 *
 *   TELLERLINE_DAHDI_SPANS=1,2 npx ava test/dahdi/hardware.test.ts
 *
 * Optional:
 *   TELLERLINE_DAHDI_CHANNEL_BASE  "1,32": DAHDI channel of timeslot 1 per span
 *   TELLERLINE_DAHDI_TICK_MS       10 or 20 (default 20)
 *   TELLERLINE_DAHDI_LOOP          "0,1": engine spans 0 and 1 are joined by an
 *                                  E1 crossover cable (or looped at the
 *                                  distribution frame); then their alarms must
 *                                  clear and DTMF sent on one must arrive on
 *                                  the other.
 *
 * Run it on the bank's server after docs/dahdi.md's set-up, with no other
 * program (Asterisk, FreeSWITCH, a running Tellerline) holding the channels.
 */
import test from 'ava';
import { filter, firstValueFrom, take, timeout, timer, toArray } from 'rxjs';
import { alarmNames, B_CHANNELS, openCard, type Card, type DahdiCardOptions } from '../../bindings/index.js';

const spansEnv = process.env.TELLERLINE_DAHDI_SPANS;
const loopEnv = process.env.TELLERLINE_DAHDI_LOOP;

/** "1,2" / "1-4" -> how many spans the card will have. */
function spanCount(spec: string): number {
  let n = 0;
  for (const item of spec.split(',')) {
    const [lo, hi] = item.trim().split('-').map((s) => Number(s.trim()));
    n += hi === undefined ? 1 : hi - (lo ?? hi) + 1;
  }
  return n;
}

function cardOptions(spans: string): DahdiCardOptions {
  const options: DahdiCardOptions = { kind: 'dahdi', dahdiSpans: spans };
  if (process.env.TELLERLINE_DAHDI_CHANNEL_BASE) options.dahdiChannelBase = process.env.TELLERLINE_DAHDI_CHANNEL_BASE;
  if (process.env.TELLERLINE_DAHDI_TICK_MS) options.tickMs = Number(process.env.TELLERLINE_DAHDI_TICK_MS) === 10 ? 10 : 20;
  return options;
}

async function withCard(spans: string, body: (card: Card) => Promise<void>): Promise<void> {
  const card = openCard(cardOptions(spans));
  try {
    await body(card);
  } finally {
    await card.close();
  }
}

if (!spansEnv) {
  test.skip('DAHDI hardware (set TELLERLINE_DAHDI_SPANS, e.g. "1,2", on a machine with a configured card)', () => {});
} else {
  const spans = spansEnv;

  test.serial('opens every configured span and ticks on the card clock', async (t) => {
    await withCard(spans, async (card) => {
      t.is(card.kind, 'dahdi');
      t.is(card.clockMode, 'hardware');
      t.is(card.spans.length, spanCount(spans));
      const before = card.stats().ticks;
      await firstValueFrom(timer(1000, card.clock));  // one second of engine (= card) time
      const stats = card.stats();
      t.true(stats.ticks > before, 'the DAHDI timer paces the engine');
      t.log(`ticks ${stats.ticks}, missed deadlines ${stats.missedDeadlines}, overruns ${stats.overruns}, ` +
        `max tick ${(stats.maxTickNs / 1e6).toFixed(2)} ms`);
    });
  });

  test.serial('reports each span by its DAHDI name with its alarms', async (t) => {
    const numbers = spans.split(',').flatMap((item) => {
      const [lo, hi] = item.trim().split('-').map((s) => Number(s.trim()));
      const first = lo ?? 0;
      return Array.from({ length: (hi ?? first) - first + 1 }, (_, i) => first + i);
    });
    await withCard(spans, async (card) => {
      for (const span of card.spans) {
        const status = await span.status();
        t.is(status.name, `dahdi/${numbers[span.index]}`);
        t.is(typeof status.alarms, 'number');
        t.log(`span ${span.index} (${status.name}): alarms [${alarmNames(status.alarms).join(', ') || 'none'}], ` +
          `D-channel frames rx ${status.framesRx} tx ${status.framesTx} dropped ${status.framesDropped}`);
      }
    });
  });

  test.serial('opens and closes every B-channel of every span', async (t) => {
    await withCard(spans, async (card) => {
      for (const span of card.spans) {
        for (const ts of B_CHANNELS) {
          const ch = span.channel(ts);
          await ch.open();
          t.is((await ch.query()).state, 'open', `${ch} opened`);
          await ch.close();
          t.is((await ch.query()).state, 'idle', `${ch} closed`);
        }
      }
    });
  });

  if (loopEnv) {
    const [a, b] = loopEnv.split(',').map((s) => Number(s.trim()));

    test.serial(`spans ${a} and ${b} on a crossover cable: alarms clear, DTMF crosses`, async (t) => {
      if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) {
        t.fail(`TELLERLINE_DAHDI_LOOP must be two span indexes such as "0,1", not "${loopEnv}"`);
        return;
      }
      await withCard(spans, async (card) => {
        for (const index of [a, b]) {
          // A freshly started E1 takes a few seconds to align and leave RECOVER.
          const clear = await firstValueFrom(card.span(index).alarms$.pipe(
            filter((alarms) => alarms === 0),
            timeout({ first: 15_000, scheduler: card.clock, with: () => [card.span(index).alarms] }),
          ));
          t.is(clear, 0, `span ${index} alarms: [${alarmNames(clear).join(', ')}]`);
        }
        const near = card.channel(a, 1);
        const far = card.channel(b, 1);
        await Promise.all([near.open(), far.open()]);
        const digits = firstValueFrom(near.digits$.pipe(take(4), toArray(),
          timeout({ first: 10_000, scheduler: card.clock })));
        await far.sendDtmf('159#');
        t.deepEqual(await digits, ['1', '5', '9', '#']);
      });
    });
  }
}
