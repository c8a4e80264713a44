import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { filter, firstValueFrom, timer } from 'rxjs';
import { B_CHANNELS, type Card } from '../../bindings/index.js';
import { testCard } from '../helpers/card.js';
import { sine } from '../helpers/signal.js';

// Real-time scheduling is only granted to root; elsewhere the engine runs at normal priority and
// only the dropping of the backlog is checked.
const root = process.getuid?.() === 0;

/** The scheduling policy of this process's `tl-clock` thread (field 41 of its stat line). */
function clockThreadPolicy(): 'fifo' | 'normal' {
  const policies: number[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    let comm: string;
    try {
      comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue; // the thread ended meanwhile
    }
    if (comm !== 'tl-clock') continue;
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the parenthesised name start at field 3.
    policies.push(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[41 - 3]));
  }
  if (policies.length !== 1) throw new Error(`expected one tl-clock thread, found ${policies.length}`);
  return policies[0] === 1 ? 'fifo' : 'normal';
}

/** Opens every B-channel of spans 0 and 1 (cabled), with call-progress detection on the far side. */
async function openSpanPair(card: Card): Promise<void> {
  await Promise.all(B_CHANNELS.flatMap((ts) => [card.channel(0, ts).open(), card.channel(1, ts).open()]));
  await Promise.all(B_CHANNELS.map((ts) => card.channel(1, ts).setOptions({ progressDetect: true })));
}

// Test files run in their own processes; serial here so that one tl-clock thread is alive at a time.
test.serial('past its capacity the engine drops its backlog, counts each dropped tick as missed, leaves real-time scheduling and keeps answering', async (t) => {
  // Ticks of 2 µs (10,000 times real time) with 60 live channels: no tick fits in its period, as
  // with far more channels than the machine can run in real time -- without loading the machine.
  const card = testCard({ clock: 'speed', speed: 10_000, overloadMs: 1, ...(root ? { realtimePriority: 10 } : {}) });
  try {
    const notice = firstValueFrom(card.events$.pipe(filter((e) => e.type === 'notice' && e.text.startsWith('engine overloaded'))));
    await openSpanPair(card);
    const text = (await notice as { text: string }).text;
    t.regex(text, /behind for 1 ms without a break; dropped \d+ ticks/);

    // Still answering: commands complete and their media runs to the end.
    const near = card.channel(0, 1);
    const far = card.channel(1, 1);
    const digits: string[] = [];
    const sub = near.digits$.subscribe((d) => digits.push(d));
    await Promise.all([near.play(sine(440, 400, -12)), far.sendDtmf('58#')]);
    sub.unsubscribe();
    t.deepEqual(digits, ['5', '8', '#'], 'audio within the ticks it runs stays whole');

    const stats = card.stats();
    t.true(stats.overloaded);
    t.true(stats.backOffs >= 1);
    t.true(stats.droppedTicks > 0);
    t.true(stats.missedDeadlines >= stats.droppedTicks, 'a dropped tick is a missed tick');
    // Every tick number up to the one JavaScript has seen was either run or dropped.
    const seenTicks = Math.floor(card.clock.now() / card.tickMs);
    const after = card.stats();
    t.true(after.ticks + after.droppedTicks >= seenTicks, `${after.ticks} run + ${after.droppedTicks} dropped < ${seenTicks}`);
    t.true(after.ticks < seenTicks, 'engine time went on past the dropped ticks');
    if (root) t.is(clockThreadPolicy(), 'normal', 'the clock thread left SCHED_FIFO');
  } finally {
    await card.close();
  }
});

test.serial('control: a small card in real time keeps every tick and its real-time scheduling', async (t) => {
  const card = testCard({ clock: 'realtime', ...(root ? { realtimePriority: 10 } : {}) });
  try {
    await openSpanPair(card);
    const before = card.stats();
    const digits: string[] = [];
    const sub = card.channel(0, 1).digits$.subscribe((d) => digits.push(d));
    await Promise.all([card.channel(0, 1).play(sine(440, 1000, -12)), card.channel(1, 1).sendDtmf('58#')]);
    await firstValueFrom(timer(500, card.clock));
    sub.unsubscribe();
    t.deepEqual(digits, ['5', '8', '#']);
    const after = card.stats();
    t.true(after.ticks - before.ticks >= 1500 / card.tickMs);
    t.is(after.missedDeadlines, 0);
    t.is(after.droppedTicks, 0);
    t.is(after.backOffs, 0);
    t.false(after.overloaded);
    if (root) t.is(clockThreadPolicy(), 'fifo');
  } finally {
    await card.close();
  }
});
