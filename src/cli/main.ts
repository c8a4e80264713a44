/**
 * `tellerline <command> [options]`. Commands are the files in ./commands (see command.ts).
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, type CliCommand, type CliIO } from './command.js';
import { commonOptions, commonOptionHelp } from './common.js';

const here = dirname(fileURLToPath(import.meta.url));

export async function loadCommands(dir = join(here, 'commands')): Promise<CliCommand[]> {
  const files = (await readdir(dir)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts') && !f.includes('.test.')).sort();
  const commands: CliCommand[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: CliCommand };
    if (mod.default && typeof mod.default.run === 'function') commands.push(mod.default);
  }
  return commands;
}

function optionLines(command: CliCommand): string {
  const all = { ...command.options, ...commonOptions } as Record<string, { type: string; short?: string }>;
  const help = { ...command.optionHelp, ...commonOptionHelp };
  return Object.entries(all)
    .map(([name, spec]) => {
      const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ' <value>' : ''}`;
      return `  ${flag.padEnd(32)} ${help[name] ?? ''}`;
    })
    .join('\n');
}

export function commandHelp(command: CliCommand): string {
  return `Usage: tellerline ${command.name} [options]\n\n${command.usage.trim()}\n\nOptions:\n${optionLines(command)}\n`;
}

function mainHelp(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: tellerline <command> [options]',
    '',
    'Tellerline: a bank telephone channel on E1/PRI voice cards.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    '',
    "Run 'tellerline <command> --help' for a command's options.",
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const commands = await loadCommands();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp(commands));
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`tellerline: unknown command '${name}'\n\n${mainHelp(commands)}`);
    return EXIT.usage;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, ...commonOptions }, allowPositionals: command.allowPositionals ?? false, strict: true });
  } catch (err) {
    io.stderr.write(`tellerline ${name}: ${(err as Error).message}\n\n${commandHelp(command)}`);
    return EXIT.usage;
  }
  if (parsed.values['help']) {
    io.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  return command.run({ values: parsed.values, positionals: parsed.positionals, io });
}

const isEntry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry) {
  const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
  // `start` keeps running on its own; every other command ends here.
  if (code !== -1) process.exitCode = code;
}
