#!/usr/bin/env node
// Launcher: registers tsx so the TypeScript sources run as they are, from any working directory.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
// -1: the command keeps the process alive itself (start) and sets the exit code when it ends.
if (code !== -1) process.exitCode = code;
