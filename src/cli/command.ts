/**
 * The command registry of the `tellerline` CLI. Each subcommand is one file in
 * src/cli/commands/ whose default export is a CliCommand; main.ts finds them there, so adding
 * a subcommand (sim, core-sim...) is adding a file.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Readable, Writable } from 'node:stream';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: NodeJS.ProcessEnv;
}

export interface CliRun {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
  io: CliIO;
}

export interface CliCommand {
  name: string;
  /** One line for `tellerline --help`. */
  summary: string;
  /** The full text of `tellerline <name> --help` (options are listed after it). */
  usage: string;
  /** Options besides the common --config and --help. */
  options: CliOptions;
  /** Descriptions of the options, by name, for --help. */
  optionHelp: Record<string, string>;
  allowPositionals?: boolean;
  /** Resolves to the process exit code. */
  run(args: CliRun): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  config: 3,
  database: 4,
  migrationLocked: 5,
} as const;

export function defineCommand(command: CliCommand): CliCommand {
  return command;
}
