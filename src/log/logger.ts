/**
 * Structured JSON logs (pino). Every log object passes through redactSecrets, at any depth, and
 * message strings have card-number-like digit runs masked, so a careless `log.info({ body })`
 * cannot leak a PIN, a password or a card number.
 */
import { pino, type Logger, type DestinationStream, type LevelWithSilent } from 'pino';
import { redactSecrets, REDACTED } from './redact.js';
import { maskCardNumbersInText } from './mask.js';
import { stdoutDestination, type LogFormat } from './log-destination.js';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  level?: LevelWithSilent;
  /** Where lines go; default stdout. Tests pass a stream to capture output. */
  destination?: DestinationStream;
  /** Form of the lines on stdout when no destination is given (default `auto`: pretty on a terminal). */
  format?: LogFormat;
  name?: string;
}

const TOP_LEVEL_SECRET_KEYS = ['pin', 'password', 'passwd', 'token', 'cookie', 'authorization', 'secret', 'cardNumber', 'card_number', 'pan'];

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'tellerline',
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSecrets(object),
        bindings: (bindings) => redactSecrets(bindings),
      },
      // Child-logger bindings skip formatters.log; pino's own redaction covers their usual keys.
      redact: { paths: TOP_LEVEL_SECRET_KEYS, censor: REDACTED },
      serializers: {
        // Errors were already turned into plain objects by redactSecrets.
        err: (value: unknown) => value,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? maskCardNumbersInText(a) : a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    options.destination ?? stdoutDestination(options.format ?? 'auto'),
  );
}

/** A logger that drops everything: for tools and tests that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
