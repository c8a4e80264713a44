/**
 * What Span, Channel, Call and friends need from their Card. Kept as an
 * interface so those files do not import card.ts (no import cycles).
 */
import type { EngineClock } from './clock.js';
import type { EngineEvent } from './events.js';
import type { NativeCardHandle, NativeTables } from './native.js';

export interface CommandResult {
  value: number;
  text?: string;
}

export interface CardCore {
  readonly native: NativeCardHandle;
  readonly tables: NativeTables;
  readonly clock: EngineClock;
  readonly tickMs: number;
  /** A fresh request id (also used as playback, recording and conference ids). */
  nextId(): number;
  /**
   * Issues a command with the given id and returns its completion. `onDone`
   * runs synchronously when the completion is dispatched, before any later
   * event of the same batch (used to create objects that those events need).
   */
  issue(id: number, send: (id: number) => void, onDone?: (event: Extract<EngineEvent, { type: 'commandDone' }>) => void): Promise<CommandResult>;
  isOpen(): boolean;
}
