/**
 * The in-process event bus: one RxJS Subject. Producers call `publish`; consumers subscribe to
 * `events$` (and filter). Publishing never throws into the producer: a subscriber's error is
 * contained by RxJS's per-subscriber handling and the bus stays up.
 */
import { Subject, type Observable } from 'rxjs';
import { redactSecrets } from '../log/redact.js';
import type { TellerlineEvent } from './types.js';

export class EventBus {
  private readonly subject = new Subject<TellerlineEvent>();
  private readonly viewersEnd = new Subject<void>();
  private published = 0;

  /** Emits once at shutdown: live streams to browsers end (producers may still publish). */
  get endOfViewers$(): Observable<void> {
    return this.viewersEnd.asObservable();
  }

  endViewers(): void {
    this.viewersEnd.next();
    this.viewersEnd.complete();
  }

  get events$(): Observable<TellerlineEvent> {
    return this.subject.asObservable();
  }

  get publishedCount(): number {
    return this.published;
  }

  /** Publish an event (scrubbed of secret-named keys and card numbers on the way). */
  publish(event: TellerlineEvent): void {
    this.published++;
    this.subject.next(redactSecrets(event));
  }

  complete(): void {
    this.endViewers();
    this.subject.complete();
  }
}
