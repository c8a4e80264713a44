/**
 * The configuration schema: every key, its type and its default, in one place.
 *
 * A configuration is a JSON file (path from `--config` or TELLERLINE_CONFIG) overlaid with
 * environment variables. The variable for a key is `TELLERLINE_` + its path in UPPER_SNAKE case:
 * `server.port` -> TELLERLINE_SERVER_PORT, `database.mysql.host` -> TELLERLINE_DATABASE_MYSQL_HOST,
 * `coreSim.httpPort` -> TELLERLINE_CORE_SIM_HTTP_PORT (see env.ts; `tellerline start --help`
 * prints the whole list).
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { moduleConfigSections, type ModuleConfig, type ModuleConfigInput } from './sections.js';

const port = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().positive();

export const serverSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1').describe('address the HTTP server binds'),
    nodeId: z
      .string()
      .min(1)
      .max(64)
      .default(hostname())
      .describe('this node in a multi-node platform: after a crash it closes only its own open call records'),
    port: port.default(8080).describe('HTTP port (0 = any free port)'),
    tls: z
      .object({
        cert: z.string().min(1).describe('PEM certificate file'),
        key: z.string().min(1).describe('PEM private key file'),
      })
      .strict()
      .optional()
      .describe('serve HTTPS directly; cookies are then Secure'),
    trustProxy: z
      .boolean()
      .default(false)
      .describe('trust X-Forwarded-* from a reverse proxy (client IP, https for Secure cookies)'),
    trustedProxies: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(1)
      .describe('with trustProxy: how many proxies in front of the server append to X-Forwarded-For; the client is the entry that many from the right, so what a client writes there itself is ignored'),
    bodyLimitBytes: positiveInt.default(1024 * 1024).describe('largest accepted JSON request body'),
    shutdownGraceMs: positiveInt
      .default(30_000)
      .describe('how long calls in progress may run on after SIGTERM before the card is closed'),
    sseHeartbeatMs: positiveInt.default(15_000).describe('interval of SSE heartbeat comments; each also re-checks the stream\'s session'),
    sseMaxStreamsPerUser: z.number().int().min(1).max(100).default(4).describe('event streams one operator or API token may hold open at once (more: 429)'),
    metricsToken: z
      .string()
      .min(32)
      .optional()
      .describe('Bearer token that lets a scraper on another host read /metrics (without it, only connections from this host may)'),
    webDir: z
      .string()
      .min(1)
      .optional()
      .describe('the built web application to serve (default: web/dist next to the server); absent: API only'),
  })
  .strict();

export const databaseSchema = z
  .object({
    client: z.enum(['sqlite', 'mysql']).default('sqlite'),
    sqlite: z
      .object({
        filename: z.string().min(1).default('./var/tellerline.sqlite'),
      })
      .strict()
      .prefault({}),
    mysql: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(3306),
        user: z.string().min(1).default('tellerline'),
        password: z.string().default(''),
        database: z.string().min(1).default('tellerline'),
        socket: z.string().min(1).optional().describe('unix socket; overrides host and port'),
        poolMax: positiveInt.default(10),
      })
      .strict()
      .prefault({}),
    acquireTimeoutMs: positiveInt
      .default(5_000)
      .describe('how long to wait for a connection before a write falls back to the journal'),
  })
  .strict();

export const recordsSchema = z
  .object({
    maxHeld: positiveInt
      .default(20_000)
      .describe('record operations held in memory at most while the database and the journal are both away; past it each is refused and logged as dropped'),
    maxBatch: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .describe('record operations written in one database transaction at most (group commit: one commit, one fsync, for all of them); 1 commits each on its own'),
  })
  .strict();

export const dataSchema = z
  .object({
    dir: z
      .string()
      .min(1)
      .default('./var')
      .describe('data directory: journal/, recordings/, prompts/, faxes/ live under it'),
    keysDir: z
      .string()
      .min(1)
      .optional()
      .describe('where keys live (the PIN-lock hashing key); default <dir>/secrets. Put it outside the data directory, so a copy of the data carries no key'),
  })
  .strict();

export const logSchema = z
  .object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    format: z
      .enum(['auto', 'json', 'pretty'])
      .default('auto')
      .describe('log lines on stdout: auto = human-readable on a terminal, JSON otherwise'),
  })
  .strict();

export const securitySchema = z
  .object({
    sessionTtlSeconds: positiveInt.default(8 * 3600).describe('absolute lifetime of a login session'),
    sessionIdleSeconds: positiveInt.default(30 * 60).describe('a session unused for this long ends (besides sessionTtlSeconds)'),
    lockoutThreshold: positiveInt.default(5).describe('failed logins in a row that lock an account'),
    lockoutSeconds: positiveInt.default(15 * 60).describe('how long a locked account stays locked'),
    passwordMinLength: z.number().int().min(8).max(128).default(12),
    passwordMinClasses: z
      .number()
      .int()
      .min(1)
      .max(4)
      .default(3)
      .describe('character classes required of the four: lower, upper, digit, other'),
    passwordMaxAgeDays: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .default(90)
      .describe('days a password stays valid; an operator with an older one must choose a new one at log-in (0: passwords never expire)'),
    passwordHistory: z
      .number()
      .int()
      .min(0)
      .max(24)
      .default(5)
      .describe('a new password may not be any of the operator\'s last this many (the current one included; 0: no check)'),
    scryptLog2N: z
      .number()
      .int()
      .min(10)
      .max(20)
      .default(17)
      .describe('scrypt cost for new password hashes (N = 2^value, OWASP: 17); stored with each hash; older hashes are redone at log-in'),
    loginFailuresPerAddress: positiveInt.default(20).describe('failed log-ins from one client address within loginFailureWindowSeconds before it gets 429'),
    loginFailureWindowSeconds: positiveInt.default(300).describe('the window over which failed log-ins per address are counted'),
    outsideNumbers: z
      .record(z.string().min(1).max(64), z.array(z.string().regex(/^\+?[0-9X]*\*?$/, 'digits, X for any digit, a trailing * for any rest')).max(500))
      .default({ '*': ['*'] })
      .describe('outside numbers agents may call, transfer or conference to and the back office may fax, per tenant code (\'*\': every other tenant); default: any'),
    loginConcurrency: z.number().int().min(1).max(64).default(2).describe('password checks of log-ins running at once (each takes a libuv thread and 32 MiB at the default cost); more wait briefly, then get 429'),
  })
  .strict();

export const cardSchema = z
  .object({
    kind: z.enum(['virtual', 'dahdi']).default('virtual'),
    tickMs: z.union([z.literal(10), z.literal(20)]).default(20),
    clock: z
      .enum(['realtime', 'speed', 'freerun'])
      .default('realtime')
      .describe('virtual card clock: wall time, scaled by `speed`, or as fast as possible'),
    speed: z.number().positive().max(1000).default(1),
    trunks: z.number().int().min(1).max(128).default(2).describe('virtual card: E1 trunk spans to the simulated network'),
    stations: z.number().int().min(0).max(16).default(1).describe('virtual card: E1 spans of simulated agent phones'),
    dahdiTrunkSpans: z
      .string()
      .regex(/^[0-9,-]*$/)
      .default('1')
      .describe('DAHDI span numbers of the PRI trunks to the carrier, e.g. "1,2"'),
    dahdiStationSpans: z
      .string()
      .regex(/^[0-9,-]*$/)
      .default('')
      .describe('DAHDI span numbers of PRI lines to the agents\' PBX (we are the network side)'),
    dspThreads: z.number().int().min(0).max(16).default(1).describe('DSP worker threads besides the clock thread'),
    toneZone: z.string().min(1).default('cn').describe('call-progress tones (cn, itu)'),
    dtmfReceiver: z.enum(['tellerline', 'spandsp']).default('tellerline'),
    realtimePriority: z
      .number()
      .int()
      .min(0)
      .max(99)
      .default(0)
      .describe('SCHED_FIFO priority of the engine threads (0 = normal); needs root or CAP_SYS_NICE'),
    overloadMs: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .optional()
      .describe('ms behind without a break after which the engine drops its backlog and leaves real-time scheduling (default 500 in real time and on DAHDI, never with clock speed/freerun; 0 = never)'),
  })
  .strict();

const dialTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ivr'), flow: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('queue'), queue: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('line-test') }).strict(),
  z.object({ kind: z.literal('fax-receive') }).strict(),
  z.object({ kind: z.literal('reject'), cause: z.number().int().min(1).max(127).default(21) }).strict(),
]);

export const dialPlanEntrySchema = z
  .object({
    number: z
      .string()
      .regex(/^[0-9*#]+X*$/)
      .describe('called number; trailing X stand for any digit (95588XX matches 9558800-9558899)'),
    target: dialTarget,
    lang: z.enum(['zh', 'en']).default('zh'),
    tenant: z.string().min(1).max(64).default('bank').describe('code of the tenant the calls belong to'),
  })
  .strict();
export type DialPlanEntry = z.output<typeof dialPlanEntrySchema>;

export const telephonySchema = z
  .object({
    dialPlan: z
      .array(dialPlanEntrySchema)
      .default([
        { number: '95588', target: { kind: 'ivr', flow: 'main' }, lang: 'zh', tenant: 'bank' },
        { number: '95589', target: { kind: 'ivr', flow: 'main' }, lang: 'en', tenant: 'bank' },
        { number: '95500', target: { kind: 'line-test' }, lang: 'zh', tenant: 'bank' },
        { number: '95566', target: { kind: 'fax-receive' }, lang: 'zh', tenant: 'bank' },
        // Straight to the agents of queue `general`, at any hour (the IVR's "0" keeps its open hours).
        { number: '95501', target: { kind: 'queue', queue: 'general' }, lang: 'zh', tenant: 'bank' },
      ])
      .describe('called numbers the bank answers, and what answers them; anything else is refused with cause 1'),
    ringTimeoutMs: positiveInt.default(30_000).describe('outbound calls ring this long before giving up (cause 19)'),
    recordingsDir: z.string().min(1).optional().describe('default: <data.dir>/recordings'),
    promptsDir: z.string().min(1).default('./var/prompts').describe('generated prompt set (scripts/generate-prompts.ts)'),
    customPromptsDir: z.string().min(1).optional().describe('the bank\'s recorded prompts; a file here replaces the generated one'),
  })
  .strict();

const pct = z.number().min(0).max(100);
const simMs = z.number().int().min(0).max(3_600_000);

/**
 * How the simulated network answers the bank's outbound calls when no line is set one by one:
 * shares of people, no answers, busy lines, answering machines and fax machines (weights in
 * percent; they need not sum to 100), seeded so that a test is repeatable.
 */
export const simPopulationSchema = z
  .object({
    enabled: z.boolean().default(false).describe('answer outbound calls as a population (lines set through the control API still win)'),
    seed: z.number().int().min(0).max(2 ** 31).default(1).describe('the same seed and the same calls give the same answers'),
    personPct: pct.default(35).describe('people who answer, say "喂" and respond'),
    noAnswerPct: pct.default(35),
    busyPct: pct.default(10),
    machinePct: pct.default(15).describe('answering machines that play a spoken greeting'),
    faxPct: pct.default(5),
    unallocatedPct: pct.default(0),
    congestionPct: pct.default(0),
    answerMinMs: simMs.default(3000).describe('people, machines and faxes answer after this much ringing at least'),
    answerMaxMs: simMs.default(15_000),
    personDtmf: z.string().regex(/^[0-9*#A-D,]{0,32}$/).default('').describe('what people key once the bank has spoken (e.g. a survey answer); empty: nothing'),
    personDtmfAfterMs: simMs.default(8000).describe('people key their digits this long after answering'),
    personHangupMinMs: simMs.default(15_000).describe('people hang up this long after answering, unless the bank does first'),
    personHangupMaxMs: simMs.default(40_000),
    machineBeepPct: pct.default(40).describe('greetings that end with a beep'),
  })
  .strict()
  .refine((p) => p.answerMinMs <= p.answerMaxMs, { message: 'answerMinMs must not exceed answerMaxMs', path: ['answerMaxMs'] })
  .refine((p) => p.personHangupMinMs <= p.personHangupMaxMs, { message: 'personHangupMinMs must not exceed personHangupMaxMs', path: ['personHangupMaxMs'] })
  .refine((p) => p.personPct + p.noAnswerPct + p.busyPct + p.machinePct + p.faxPct + p.unallocatedPct + p.congestionPct > 0, { message: 'at least one share must be above 0', path: ['personPct'] });

export type SimPopulationSettings = z.output<typeof simPopulationSchema>;

export const simSchema = z
  .object({
    enabled: z.boolean().default(true).describe('virtual card only: the simulator control API for `tellerline sim`'),
    host: z.string().min(1).default('127.0.0.1').describe('loopback only, unless you know why'),
    port: port.default(8090),
    token: z
      .string()
      .regex(/^[\x21-\x7e]{32,256}$/, '32 to 256 printable characters')
      .optional()
      .describe('the control API token; default: a new one at every start, in <data.dir>/sim-api.token (mode 0600)'),
    filesDir: z
      .string()
      .min(1)
      .optional()
      .describe('the only directory whose files the control API plays, records, faxes or opens sockets in (default <data.dir>/sim-files)'),
    population: simPopulationSchema.prefault({}),
  })
  .strict();

export const coreSimSchema = z
  .object({
    enabled: z.boolean().default(true).describe('start the core-banking simulator with the server (demos, tests); refused with a DAHDI card unless allowWithRealCard'),
    allowWithRealCard: z.boolean().default(false).describe('let the simulator run with a DAHDI card (a lab with real lines and the demo bank)'),
    host: z.string().min(1).default('127.0.0.1'),
    httpPort: port.default(7701),
    tcpPort: port.default(7702),
    adminPort: port.default(7703).describe('fault injection: latency, error rate, down; always on loopback, whatever `host` says'),
    encoding: z.enum(['gb18030', 'utf8']).default('gb18030'),
    today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('business date of the simulated core (default: today)'),
    tls: z
      .strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1), clientCaFile: z.string().min(1).optional() })
      .optional()
      .describe('serve the data ports over TLS (to try gateway.tls); clientCaFile requires client certificates'),
  })
  .strict();

/** The platform's own sections; application modules add theirs through sections.ts. */
export const platformConfigShape = {
  server: serverSchema.prefault({}),
  database: databaseSchema.prefault({}),
  data: dataSchema.prefault({}),
  records: recordsSchema.prefault({}),
  log: logSchema.prefault({}),
  security: securitySchema.prefault({}),
  card: cardSchema.prefault({}),
  coreSim: coreSimSchema.prefault({}),
  telephony: telephonySchema.prefault({}),
  sim: simSchema.prefault({}),
};

const platformConfigSchema = z.object(platformConfigShape).strict();

/**
 * The whole schema: the platform's sections and every registered module section (unknown keys
 * are refused). Built on each call, so a section registered later is seen.
 */
export function configSchema(): z.ZodType<Config, ConfigInput> {
  return z.object({ ...platformConfigShape, ...Object.fromEntries(moduleConfigSections()) }).strict() as unknown as z.ZodType<Config, ConfigInput>;
}

export type Config = z.output<typeof platformConfigSchema> & ModuleConfig;
/** What a file or a test may give: every key optional. */
export type ConfigInput = z.input<typeof platformConfigSchema> & ModuleConfigInput;
