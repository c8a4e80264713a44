/**
 * The core-banking simulator: one SimulatedCore behind both protocols (HTTP/JSON and TCP
 * fixed-length) plus an admin endpoint for faults. `tellerline core-sim` runs `runCoreSim`;
 * tests start it in-process with `startCoreSim`.
 *
 * State is in memory and starts over on every start (and on POST /reset).
 */
import { parseArgs } from 'node:util';
import { coreSimOptions } from './options.js';
import { watchParent } from './parent-watch.js';
import { MessageCodec } from '../gateway/tcp/message-codec.js';
import type { FramingOptions } from '../gateway/tcp/framing.js';
import type { TextEncodingName } from '../gateway/tcp/text-encoding.js';
import { AdminServer } from './admin-server.js';
import { FaultController, type Faults } from './faults.js';
import { SimHttpServer } from './sim-http-server.js';
import { SimTcpServer, type ProtocolErrorReport, type SimTlsOptions } from './sim-tcp-server.js';
import { PinBlocks } from '../gateway/pin-block/pin-blocks.js';
import { loadPinBlockKey } from '../gateway/pin-block/pin-block-key.js';
import { pinBlockFormats, type PinBlockFormat } from '../gateway/pin-block/iso9564.js';
import { readGatewayFile } from '../gateway/secret-files.js';
import { SimulatedCore, type SimulatedCoreOptions } from './simulated-core.js';

export interface CoreSimOptions extends SimulatedCoreOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  httpPort?: number;
  tcpPort?: number;
  adminPort?: number;
  /** TCP text encoding; must match the gateway's. Default gb18030. */
  encoding?: TextEncodingName;
  framing?: FramingOptions;
  faults?: Partial<Faults>;
  /** Random source for the error rate (tests pass a seeded one). */
  random?: () => number;
  /** Every malformed request, either protocol. Default: ignored. */
  onProtocolError?: (report: ProtocolErrorReport) => void;
  /** Serve both data ports over TLS (the admin port stays plain, on loopback). */
  tls?: SimTlsOptions;
  /** Expect PINs and passwords as PIN blocks, and open them with this key, as a core would. */
  pinBlocks?: PinBlocks;
}

export interface CoreSimHandle {
  host: string;
  httpPort: number;
  tcpPort: number;
  adminPort: number;
  core: SimulatedCore;
  faults: FaultController;
  /** Resolves once the listening ports follow the latest `down` setting. */
  faultsApplied(): Promise<void>;
  stats(): { http: SimHttpServer['stats']; tcp: SimTcpServer['stats'] };
  close(): Promise<void>;
}

export async function startCoreSim(options: CoreSimOptions = {}): Promise<CoreSimHandle> {
  const host = options.host ?? '127.0.0.1';
  const core = await SimulatedCore.create(options);
  const faults = new FaultController(options.faults, options.random);
  const report = options.onProtocolError ?? (() => {});
  const codec = new MessageCodec({
    encoding: options.encoding ?? 'gb18030',
    framing: options.framing,
    channel: 'CORE',
    ...(options.pinBlocks ? { pinBlockFormat: options.pinBlocks.format } : {}),
  });
  const secure = { ...(options.tls ? { tls: options.tls } : {}), ...(options.pinBlocks ? { pinBlocks: options.pinBlocks } : {}) };
  const http = new SimHttpServer(core, faults, host, report, secure);
  const tcp = new SimTcpServer(core, codec, faults, host, report, secure);
  const ports = { http: 0, tcp: 0, admin: 0 };
  // "refuse" takes both core ports off the network; leaving it puts them back.
  let transition = Promise.resolve();
  const applied = () => transition;
  // Faults, resets and balances: never reachable from another machine, whatever the data ports' host.
  const admin = new AdminServer(core, faults, '127.0.0.1', () => ({ ...ports }), applied);

  try {
    ports.http = await http.listener.listen(options.httpPort ?? 0);
    ports.tcp = await tcp.listener.listen(options.tcpPort ?? 0);
    ports.admin = await admin.listener.listen(options.adminPort ?? 0);
  } catch (error) {
    // A port was taken: let go of the ones already bound.
    await Promise.all([http.listener.close(), tcp.listener.close(), admin.listener.close()]);
    throw error;
  }

  const follow = (next: Faults, previous: Faults) => {
    if ((next.down === 'refuse') === (previous.down === 'refuse')) return;
    const down = next.down === 'refuse';
    transition = transition.then(async () => {
      if (down) await Promise.all([http.listener.suspend(), tcp.listener.suspend()]);
      else await Promise.all([http.listener.resume(), tcp.listener.resume()]);
    });
  };
  const unsubscribe = faults.onChange(follow);
  if (faults.get().down === 'refuse') follow(faults.get(), { ...faults.get(), down: 'no' });
  await transition;

  return {
    host,
    httpPort: ports.http,
    tcpPort: ports.tcp,
    adminPort: ports.admin,
    core,
    faults,
    faultsApplied: applied,
    stats: () => ({ http: { ...http.stats }, tcp: { ...tcp.stats } }),
    async close() {
      unsubscribe();
      await transition;
      await Promise.all([http.listener.close(), tcp.listener.close(), admin.listener.close()]);
    },
  };
}

const usage = `usage: tellerline core-sim [options]
  --host <addr>          listen address (default 127.0.0.1)
  --http-port <n>        HTTP/JSON port (default 7701)
  --tcp-port <n>         TCP fixed-length port (default 7702)
  --admin-port <n>       admin port (default 7703)
  --encoding <e>         gb18030 | utf8 (default gb18030)
  --seed <n>             data seed (default 20250314)
  --today <YYYY-MM-DD>   business date (default: today)
  --latency-ms <n>       answer every request after n ms
  --error-rate <0..1>    fraction of requests answered with a system error
  --down <mode>          no | refuse | hang
  --parent-pid <n>       stop when process n (the server that started it) is gone
  --tls-cert <file>      serve the data ports over TLS with this certificate (PEM)...
  --tls-key <file>       ...and this key (PEM)
  --tls-client-ca <file> require client certificates signed by this CA (PEM)
  --pin-block-format <f> iso0 | iso4: PINs and passwords arrive as PIN blocks...
  --pin-block-key <file> ...under the key in this file (32 hex digits)`;

/** `tellerline core-sim`: runs until SIGINT or SIGTERM. */
export async function runCoreSim(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { ...coreSimOptions, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const integer = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) throw new Error(`--${name}: expected a whole number, got ${value}\n${usage}`);
    return Number(value);
  };
  const encoding = values.encoding ?? 'gb18030';
  if (encoding !== 'gb18030' && encoding !== 'utf8') throw new Error(`--encoding: gb18030 or utf8\n${usage}`);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) throw new Error(`--today: YYYY-MM-DD\n${usage}`);
  const faults: Partial<Faults> = {};
  if (values['latency-ms'] !== undefined) faults.latencyMs = integer('latency-ms', values['latency-ms'], 0);
  if (values['error-rate'] !== undefined) {
    const rate = Number(values['error-rate']);
    if (!(rate >= 0 && rate <= 1)) throw new Error(`--error-rate: a number from 0 to 1\n${usage}`);
    faults.errorRate = rate;
  }
  const parentPid = values['parent-pid'] === undefined ? undefined : integer('parent-pid', values['parent-pid'], 0);
  if (values.down !== undefined) {
    if (values.down !== 'no' && values.down !== 'refuse' && values.down !== 'hang') throw new Error(`--down: no, refuse or hang\n${usage}`);
    faults.down = values.down;
  }

  const tlsCert = values['tls-cert'];
  const tlsKey = values['tls-key'];
  if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new Error(`--tls-cert and --tls-key go together\n${usage}`);
  const clientCa = values['tls-client-ca'];
  if (clientCa !== undefined && tlsCert === undefined) throw new Error(`--tls-client-ca needs --tls-cert and --tls-key\n${usage}`);
  const tls: SimTlsOptions | undefined = tlsCert !== undefined && tlsKey !== undefined
    ? {
        cert: readGatewayFile('--tls-cert', tlsCert),
        key: readGatewayFile('--tls-key', tlsKey, { access: 'group' }),
        ...(clientCa !== undefined ? { clientCa: readGatewayFile('--tls-client-ca', clientCa) } : {}),
      }
    : undefined;
  const blockFormat = values['pin-block-format'];
  const blockKey = values['pin-block-key'];
  if ((blockFormat === undefined) !== (blockKey === undefined)) throw new Error(`--pin-block-format and --pin-block-key go together\n${usage}`);
  if (blockFormat !== undefined && !pinBlockFormats.includes(blockFormat as PinBlockFormat)) throw new Error(`--pin-block-format: iso0 or iso4\n${usage}`);
  const pinBlocks = blockFormat !== undefined && blockKey !== undefined
    ? new PinBlocks(blockFormat as PinBlockFormat, loadPinBlockKey(blockKey, blockFormat as PinBlockFormat))
    : undefined;

  const sim = await startCoreSim({
    ...(tls ? { tls } : {}),
    ...(pinBlocks ? { pinBlocks } : {}),
    host: values.host ?? '127.0.0.1',
    httpPort: integer('http-port', values['http-port'], 7701),
    tcpPort: integer('tcp-port', values['tcp-port'], 7702),
    adminPort: integer('admin-port', values['admin-port'], 7703),
    encoding,
    seed: integer('seed', values.seed, 20250314),
    ...(values.today === undefined ? {} : { today: values.today }),
    faults,
    onProtocolError: (r) => process.stderr.write(`core-sim: ${r.transport} protocol error from ${r.remote}: ${r.message}\n`),
  });
  process.stdout.write(
    `${JSON.stringify({ coreSim: 'listening', host: sim.host, httpPort: sim.httpPort, tcpPort: sim.tcpPort, adminPort: sim.adminPort, encoding, today: sim.core.today })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      parent?.stop();
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // A simulator started by a server must not outlive it, even after `kill -9` of the server.
    const parent = parentPid === undefined ? undefined : watchParent(parentPid, () => {
      process.stderr.write(`core-sim: the server (pid ${parentPid}) is gone; stopping\n`);
      stop();
    });
  });
  await sim.close();
}
