/**
 * `tellerline sim`: drive the simulated network of a running server (virtual
 * card). `sim call` dials in as a caller and prints one JSON object per line
 * for every event of the call, from both sides.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand, EXIT, type CliIO } from '../command.js';
import { configFrom } from '../common.js';
import { simTokenFile } from '../../telephony/sim-api-access.js';

const USAGE = `Talks to a running Tellerline server on its virtual card (the simulator control API,
sim.host:sim.port, default http://127.0.0.1:8090). The API wants its token: --token-file, or
$TELLERLINE_SIM_TOKEN, or else the server's own (sim.token, or <data.dir>/sim-api.token of the
configuration in --config / $TELLERLINE_CONFIG). Files (--play, --record, --audio-socket) must
be inside the server's sim.filesDir (default <data.dir>/sim-files).

  tellerline sim call <called> --from <calling> [--dtmf "<digits>"] [--play <file.wav>]
                      [--record <out.wav>] [--hangup-after <s>] [--audio-socket <path>]
                      [--dtmf-delay <s>] [--restricted]
      Dials <called> from <calling> and prints one JSON object per line for every event,
      from both sides: "side":"caller" is what the caller did and heard (DTMF and tones
      detected in the audio), "side":"server" what the bank did (offered, answered,
      prompts with ids and text, digits collected -- masked during secure entry --,
      transfers, hangup with cause). Every line has "event", "time" (wall clock) and "at"
      (engine ms). --dtmf keys are sent as audio 1 s after answer; "," is a 500 ms pause.
      With --audio-socket, an external program that connects to <path> is the caller
      (raw A-law, 160-byte frames both ways). Exit 0 when the call completed.

  tellerline sim line <number> <behavior> [--ring <s>]
      How a simulated line answers the bank's outbound calls: answer, person, busy,
      no-answer, answering-machine, fax, unallocated, congestion.

  tellerline sim population [--seed <n>] [--person <pct>] [--no-answer <pct>] [--busy <pct>]
                            [--machine <pct>] [--fax <pct>] [--person-dtmf <digits>] [--off]
      With no option, prints how numbers not set one by one answer the bank's outbound
      calls; with options, sets that population (shares are weights in percent; the
      other keys of sim.population keep their defaults); --off clears it.

  tellerline sim status
      Trunks, calls, clock.`;

export default defineCommand({
  name: 'sim',
  summary: 'call into a running server as a simulated caller; script simulated lines (virtual card)',
  usage: USAGE,
  allowPositionals: true,
  options: {
    from: { type: 'string' },
    dtmf: { type: 'string' },
    'dtmf-delay': { type: 'string' },
    play: { type: 'string' },
    record: { type: 'string' },
    'hangup-after': { type: 'string' },
    'audio-socket': { type: 'string' },
    restricted: { type: 'boolean' },
    ring: { type: 'string' },
    server: { type: 'string' },
    'token-file': { type: 'string' },
    config: { type: 'string' },
    seed: { type: 'string' },
    person: { type: 'string' },
    'no-answer': { type: 'string' },
    busy: { type: 'string' },
    machine: { type: 'string' },
    fax: { type: 'string' },
    'person-dtmf': { type: 'string' },
    off: { type: 'boolean' },
  },
  optionHelp: {
    from: 'the calling number (default 13800138000)',
    server: 'the simulator control API (default $TELLERLINE_SIM_URL or http://127.0.0.1:8090)',
    'token-file': 'a file holding the control API token (default: $TELLERLINE_SIM_TOKEN, or the server\'s sim-api.token)',
    config: 'the server\'s configuration file, to find its token (default $TELLERLINE_CONFIG)',
  },
  async run({ values, positionals, io }) {
    const server = (values.server as string | undefined) ?? io.env['TELLERLINE_SIM_URL'] ?? 'http://127.0.0.1:8090';
    const [verb, ...rest] = positionals;
    // Without a token the server answers 401 with how to get one (or nothing listens at all).
    let token: string | undefined;
    try {
      token = simToken(values, io);
    } catch (err) {
      if (typeof values['token-file'] === 'string') {
        io.stderr.write(`tellerline sim: ${err instanceof Error ? err.message : String(err)}\n`);
        return EXIT.config;
      }
    }
    const seconds = (name: string): number | undefined => {
      const v = values[name];
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name}: expected seconds, got ${String(v)}`);
      return Math.round(n * 1000);
    };
    try {
      switch (verb) {
        case 'call': {
          const to = rest[0];
          if (!to) throw new UsageError('sim call: which number? (tellerline sim call 95588 --from 13800138000)');
          const body: Record<string, unknown> = { to, from: (values.from as string | undefined) ?? '13800138000' };
          if (values.dtmf !== undefined) body['dtmf'] = values.dtmf;
          if (values.restricted) body['restricted'] = true;
          const delay = seconds('dtmf-delay');
          if (delay !== undefined) body['dtmfDelayMs'] = delay;
          const hangup = seconds('hangup-after');
          if (hangup !== undefined) body['hangupAfterMs'] = hangup;
          for (const key of ['play', 'record', 'audio-socket'] as const) {
            const v = values[key];
            if (typeof v === 'string') body[key === 'audio-socket' ? 'audioSocket' : key] = resolve(v);
          }
          return await streamCall(server, token, body, io.stdout, io.stderr);
        }
        case 'line': {
          const [number, kind] = rest;
          if (!number || !kind) throw new UsageError('sim line <number> <behavior>');
          const ring = seconds('ring');
          const behavior = { kind, ...(ring !== undefined && ['answer', 'person', 'answering-machine', 'fax'].includes(kind) ? { ringMs: ring } : {}) };
          const res = await request(server, token, `/sim/lines/${encodeURIComponent(number)}`, 'PUT', { behavior });
          io.stdout.write(`${JSON.stringify(res)}\n`);
          return EXIT.ok;
        }
        case 'population': {
          const keys = { seed: 'seed', person: 'personPct', 'no-answer': 'noAnswerPct', busy: 'busyPct', machine: 'machinePct', fax: 'faxPct' } as const;
          const body: Record<string, unknown> = {};
          for (const [option, key] of Object.entries(keys)) {
            const v = values[option];
            if (v === undefined) continue;
            const n = Number(v);
            if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${option}: expected a number, got ${String(v)}`);
            body[key] = n;
          }
          if (typeof values['person-dtmf'] === 'string') body['personDtmf'] = values['person-dtmf'];
          if (values.off) body['enabled'] = false;
          const res = Object.keys(body).length === 0
            ? await request(server, token, '/sim/population', 'GET')
            : await request(server, token, '/sim/population', 'PUT', body);
          io.stdout.write(`${JSON.stringify(res)}\n`);
          return EXIT.ok;
        }
        case 'status': {
          io.stdout.write(`${JSON.stringify(await request(server, token, '/sim/status', 'GET'))}\n`);
          return EXIT.ok;
        }
        default:
          throw new UsageError(`unknown sim command "${verb ?? ''}" (call, line, population, status)`);
      }
    } catch (err) {
      if (err instanceof UsageError) {
        io.stderr.write(`tellerline sim: ${err.message}\n`);
        return EXIT.usage;
      }
      io.stderr.write(`tellerline sim: ${describe(err, server)}\n`);
      return EXIT.failure;
    }
  },
});

class UsageError extends Error {}

/** --token-file, $TELLERLINE_SIM_TOKEN, or the server's: sim.token, else the file it wrote at start. */
function simToken(values: Record<string, unknown>, io: CliIO): string {
  const fromFile = (file: string) => {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new Error(`cannot read the simulator token from ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}): is the server running on the virtual card, with this configuration?`);
    }
  };
  if (typeof values['token-file'] === 'string') return fromFile(values['token-file']);
  const env = io.env['TELLERLINE_SIM_TOKEN'];
  if (env) return env;
  const config = configFrom(values, io);
  return config.sim.token ?? fromFile(simTokenFile(config));
}

function describe(err: unknown, server: string): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'EHOSTUNREACH') {
    return `no Tellerline simulator is listening at ${server}: start the server on the virtual card first (./scripts/start.sh), or pass --server`;
  }
  if (err instanceof Error && err.message === 'fetch failed') {
    return `could not reach the Tellerline simulator at ${server}: ${cause?.message ?? cause?.code ?? 'unknown error'}`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function request(server: string, token: string | undefined, path: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(new URL(path, server), {
    method,
    headers: { ...authorization(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const message = (parsed as { error?: { message?: string } } | null)?.error?.message ?? `${res.status} ${res.statusText}`;
    throw new Error(message);
  }
  return parsed;
}

const authorization = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

async function streamCall(server: string, token: string | undefined, body: unknown, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const res = await fetch(new URL('/sim/calls', server), { method: 'POST', headers: { ...authorization(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok || !res.body) {
    const text = await res.text();
    let message = `${res.status} ${res.statusText}`;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      // not JSON
    }
    err.write(`tellerline sim: ${message}\n`);
    return EXIT.usage;
  }
  let buffer = '';
  let code: number = EXIT.failure;
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      out.write(`${line}\n`);
      const event = JSON.parse(line) as { event: string };
      if (event.event === 'done') code = EXIT.ok;
    }
  }
  return code;
}
