/**
 * What several commands share: loading the configuration and reporting failures in words an
 * operator can act on.
 */
import { loadConfig, ConfigError } from '../app-config.js';
import type { Config } from '../config/schema.js';
import { StoreUnavailableError, StaleMigrationLockError, PendingMigrationsError } from '../store/errors.js';
import { EXIT, type CliIO } from './command.js';

export const commonOptions = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const commonOptionHelp: Record<string, string> = {
  config: 'JSON configuration file (default: $TELLERLINE_CONFIG; none: defaults + environment)',
  help: 'show this help',
};

export function configFrom(values: Record<string, unknown>, io: CliIO): Config {
  const file = typeof values['config'] === 'string' ? values['config'] : undefined;
  return loadConfig({ file, env: io.env });
}

/** Print a failure and give the exit code that matches it. */
export function reportFailure(err: unknown, io: CliIO, doing: string): number {
  const say = (text: string) => io.stderr.write(`tellerline: ${doing}: ${text}\n`);
  if (err instanceof ConfigError) {
    say(err.message);
    return EXIT.config;
  }
  if (err instanceof StoreUnavailableError) {
    say(err.message);
    return EXIT.database;
  }
  if (err instanceof StaleMigrationLockError) {
    say(err.message);
    return EXIT.migrationLocked;
  }
  if (err instanceof PendingMigrationsError) {
    say(err.message);
    return EXIT.database;
  }
  const e = err as { code?: string; message?: string };
  say(`${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(err)}`);
  return EXIT.failure;
}
