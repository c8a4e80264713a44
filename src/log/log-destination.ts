/**
 * Where log lines go and in which form: human-readable (pino-pretty) when a person watches a
 * terminal, one JSON object a line otherwise (files, journald, log shippers, tests). Secrets are
 * redacted before either form sees a line, so the choice changes the look only.
 */
import type { DestinationStream } from 'pino';
import { pino } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'auto' | 'json' | 'pretty';

/** `auto` is pretty exactly when standard output is a terminal. */
export function resolveLogFormat(format: LogFormat, stdoutIsTerminal: boolean): 'json' | 'pretty' {
  if (format === 'auto') return stdoutIsTerminal ? 'pretty' : 'json';
  return format;
}

/** A pretty printer writing to `target` (a stream, or a file descriptor). */
export function prettyDestination(target: NodeJS.WritableStream | number, colorize: boolean): DestinationStream {
  return pretty({
    destination: target,
    colorize,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname',
    // Flush each line: a person reads along, and a crash must not swallow the last lines.
    sync: true,
  });
}

/** Standard output in the chosen format. */
export function stdoutDestination(format: LogFormat): DestinationStream {
  const isTerminal = process.stdout.isTTY === true;
  if (resolveLogFormat(format, isTerminal) === 'pretty') return prettyDestination(1, isTerminal);
  return pino.destination({ fd: 1, sync: false });
}
