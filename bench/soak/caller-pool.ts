/**
 * Keeps a number of simulated callers on the line: each slot runs one journey after another
 * until stopped. Every call placed is remembered with its calling number (unique), its journey
 * and the disposition its call record must have, and what the caller heard.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { filter, type Subscription } from 'rxjs';
import type { CallSession } from '../../src/telephony/call-session.js';
import type { AppServices } from '../../src/services.js';
import type { Disposition } from '../../src/records/store/cdr-repo.js';
import { seededRandom } from '../../src/random/seeded-random.js';
import { CallEnded, CallerLine } from './caller-line.js';
import { pickJourney, journeys as allJourneys, type Journey } from './journeys.js';

export interface PlacedCall {
  from: string;
  journey: string;
  /** The disposition its call record must have ('any': a fault decided it). */
  expected: Disposition | 'any';
  /** Cut by a crash before the bank answered: the bank may never have written its record. */
  cdrOptional?: boolean;
  /** Dispositions accepted besides `expected` (a call over just before a crash: SYSTEM_RESTART). */
  alsoAllowed?: Disposition[];
  /** Engine time the call was placed. */
  at: number;
  /** Whether the network gave it a channel (a call record is due only then). */
  placed: boolean;
  answered: boolean;
  /** The Q.850 cause of a call the bank did not answer. */
  cause?: number;
  /** The journey went as scripted; otherwise why not. */
  done: boolean;
  failure?: string;
  heard: string[];
}

export interface CallerPoolOptions {
  services: AppServices;
  callers: number;
  /** Where journeys may put files (received faxes); each is removed after its call. */
  scratchDir: string;
  seed?: number;
  journeys?: Journey[];
  /** A journey that has not ended after this much engine time is hung up (and counted as failed). */
  maxCallMs?: number;
  /** Calling numbers start here (another run on the same database uses another range). */
  firstNumber?: number;
  /** Told when a call is placed, answered and over (the chaos run keeps them across crashes). */
  onCall?: (event: 'placed' | 'answered' | 'ended', call: PlacedCall) => void;
}

export class CallerPool {
  readonly calls: PlacedCall[] = [];
  private readonly random: () => number;
  private readonly sessions = new Map<string, CallSession>();
  private readonly sessionWaiters = new Map<string, (s: CallSession) => void>();
  private readonly sub: Subscription;
  /** Calls that are over (the rest are in progress). */
  private readonly over = new WeakSet<PlacedCall>();
  private stopping = false;
  private slots: Promise<void>[] = [];
  private next: number;
  /** Calls in progress now. */
  live = 0;

  constructor(private readonly options: CallerPoolOptions) {
    // Seeded, so a run can be repeated.
    this.random = seededRandom(options.seed ?? 20261206);
    this.next = options.firstNumber ?? 10_000_000;
    const telephony = options.services.telephony!;
    // The bank's session of each call, by trunk span/channel, to hear its prompts.
    this.sub = telephony.sessions$.pipe(filter((a) => a.direction === 'inbound')).subscribe((a) => {
      const key = `${a.session.call.span}/${a.session.call.channel}`;
      const waiter = this.sessionWaiters.get(key);
      if (waiter) {
        this.sessionWaiters.delete(key);
        waiter(a.session);
      } else {
        this.sessions.set(key, a.session);
        // A session nobody asked for (a refused call) must not be taken for the next call there.
        void a.session.released.then(() => {
          if (this.sessions.get(key) === a.session) this.sessions.delete(key);
        });
      }
    });
  }

  /** Starts (or starts again after stop()) placing calls. */
  start(): void {
    this.stopping = false;
    this.slots = [];
    for (let i = 0; i < this.options.callers; i++) this.slots.push(this.slot(i));
  }

  /** Stops placing calls and waits until every caller is done. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots);
  }

  /** Stops and lets go of the server's streams. */
  async close(): Promise<void> {
    await this.stop();
    this.sub.unsubscribe();
  }

  get journeys(): Journey[] {
    return this.options.journeys ?? allJourneys;
  }

  private async slot(index: number): Promise<void> {
    const clock = this.options.services.telephony!.card.clock;
    // Spread the first calls over a few seconds, as callers do.
    await clock.sleep(index * 97).catch(() => undefined);
    while (!this.stopping) {
      await this.one().catch(() => undefined);
      if (this.stopping) break;
      await clock.sleep(200 + Math.floor(this.random() * 1800)).catch(() => undefined);
    }
  }

  private async bankSession(key: string): Promise<CallSession> {
    const known = this.sessions.get(key);
    if (known && !known.ended) {
      this.sessions.delete(key);
      return known;
    }
    return new Promise((resolve) => this.sessionWaiters.set(key, resolve));
  }

  private async one(): Promise<void> {
    await this.placeOne(pickJourney(this.random, this.journeys));
  }

  /** Calls not over yet: journey, engine ms since placed, how far they got, what they heard last. */
  inProgress(): Array<{ from: string; journey: string; ageMs: number; placed: boolean; answered: boolean; lastHeard: string[] }> {
    const now = this.options.services.telephony!.card.clock.now();
    return this.calls
      .filter((c) => !this.over.has(c))
      .map((c) => ({ from: c.from, journey: c.journey, ageMs: now - c.at, placed: c.placed, answered: c.answered, lastHeard: c.heard.slice(-3) }));
  }

  /** Places one call on the given journey and resolves when it is over (`maxCallMs`: this call's time limit). */
  async placeOne(journey: Journey, { maxCallMs }: { maxCallMs?: number } = {}): Promise<PlacedCall> {
    const clock = this.options.services.telephony!.card.clock;
    const from = `139${String(this.next++).padStart(8, '0')}`;
    const record: PlacedCall = { from, journey: journey.name, expected: journey.expected, at: clock.now(), placed: false, answered: false, done: false, heard: [] };
    this.calls.push(record);
    try {
      return await this.run(record, journey, maxCallMs ?? this.options.maxCallMs ?? 300_000);
    } finally {
      this.over.add(record);
    }
  }

  private async run(record: PlacedCall, journey: Journey, maxCallMs: number): Promise<PlacedCall> {
    const { services } = this.options;
    const telephony = services.telephony!;
    const sim = services.sim!;
    const clock = telephony.card.clock;
    const from = record.from;
    const call = await sim.network.placeCall({ to: journey.to, from });
    if (!call.call) {
      record.failure = `not placed (cause ${await call.ended})`;
      return record;
    }
    record.placed = true;
    this.options.onCall?.('placed', record);
    this.live++;
    const key = `${sim.trunkFacing(call.call.span)}/${call.call.channel}`;
    const scratch = join(this.options.scratchDir, `${from}.tiff`);
    const limit = clock.setTimeout(() => {
      record.failure ??= 'took too long';
      void call.hangUp();
    }, maxCallMs);
    try {
      try {
        await call.answered();
      } catch {
        record.cause = await call.ended;
        if (journey.expected !== 'REJECTED') record.failure ??= `not answered (cause ${record.cause})`;
        else record.done = true;
        return record;
      }
      record.answered = true;
      this.options.onCall?.('answered', record);
      const session = await Promise.race([this.bankSession(key), call.ended.then(() => undefined)]);
      if (!session) {
        record.failure ??= 'ended before the bank took it';
        return record;
      }
      const line = new CallerLine(telephony.card, call, session);
      // The same array: what the caller heard so far shows while the call is still up.
      record.heard = line.heard;
      try {
        await journey.run(line, { random: this.random, scratch });
        record.done = record.failure === undefined;
      } catch (err) {
        record.failure ??= err instanceof CallEnded ? `${err.message}; heard ${line.heard.slice(-4).join(' ')}` : String((err as Error).message ?? err);
      } finally {
        record.heard = line.heard;
        if (!line.ended) await call.hangUp();
      }
    } finally {
      this.sessionWaiters.delete(key);
      await call.ended;
      limit();
      this.live--;
      this.options.onCall?.('ended', record);
      rmSync(scratch, { force: true });
    }
    return record;
  }
}
