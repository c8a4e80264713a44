/**
 * What a simulated caller (or line, or phone) experiences, as events: the
 * caller's side of `tellerline sim call`. Times are engine times (ms since
 * the card opened) plus the matching wall-clock ISO time.
 */
export type SimEvent =
  | { event: 'dialing'; to: string; from: string; span: number; channel: number }
  | { event: 'proceeding' }
  | { event: 'ringing'; inband: boolean }
  | { event: 'answered' }
  | { event: 'heard-dtmf'; digit: string }
  | { event: 'heard-tone'; tone: string; phase: 'start' | 'stop' }
  | { event: 'sent-dtmf'; digits: string }
  | { event: 'played'; file: string; reason: string }
  | { event: 'recorded'; file: string; seconds: number }
  | { event: 'hangup'; cause: number; by: 'caller' | 'bank' }
  | { event: 'released'; cause: number }
  | { event: 'failed'; cause: number; reason: string };

export type TimedSimEvent = SimEvent & { at: number; time: string; side: 'caller' };
