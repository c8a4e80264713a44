/**
 * Errors that cross from the engine into JavaScript. Every error carries a
 * stable string `code` (ERR_UNKNOWN_CHANNEL, ERR_WAV_FORMAT, ...): match on
 * the code, never on the message.
 */
export class TellerlineError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'TellerlineError';
    this.code = code;
  }
}

/** True if `err` is a TellerlineError with the given code. */
export function isTellerlineError(err: unknown, code?: string): err is TellerlineError {
  return err instanceof TellerlineError && (code === undefined || err.code === code);
}

/**
 * Replaces the stack of an error raised asynchronously by the engine with the
 * stack captured when the command was issued, so the trace points at the
 * caller instead of at the event loop.
 */
export function withCallerStack(err: TellerlineError, caller: { stack?: string }): TellerlineError {
  if (caller.stack) {
    const frames = caller.stack.split('\n').slice(1).join('\n');
    err.stack = `${err.name} [${err.code}]: ${err.message}\n${frames}`;
  }
  return err;
}
