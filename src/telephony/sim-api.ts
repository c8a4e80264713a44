/**
 * The simulator's control API, for `tellerline sim` and for tests. Only on a
 * virtual card, and bound to loopback by default: it lets whoever reaches it
 * place calls and drive the simulated network and phones. Every request names
 * this machine (Host) and carries the token (sim-api-access.ts); every file it
 * plays, records, faxes or listens on is inside one directory.
 *
 *   POST /sim/calls                   run a call script; the answer streams NDJSON events
 *   GET  /sim/status                  trunks, calls, lines
 *   PUT  /sim/lines/:number           how a line answers the bank's calls ({ behavior })
 *   DELETE /sim/lines/:number
 *   GET  /sim/outbound                the bank's recent outbound calls, as the network saw them
 *   GET  /sim/population              how numbers not set one by one answer (shares, delays, seed)
 *   PUT  /sim/population              sets it (the `sim.population` keys; enabled: false clears it)
 *   GET  /sim/phones                  simulated agent phones
 *   PUT  /sim/phones/:station/:ts     { mode: auto-answer | manual | unplugged, afterMs }
 *   POST /sim/phones/:station/:ts/:action   answer | hangup | dtmf ({ digits })
 *   POST /sim/cables/:index/:action   pull | restore a virtual cable (trunk cables first, then
 *                                     the stations'): both spans go into red alarm and back
 */
import { createServer, type Server } from 'node:http';
import { PassThrough } from 'node:stream';
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { TelephonyService } from './telephony-service.js';
import type { SimWorld } from './simnet/sim-world.js';
import { runSimCallScript } from './sim-call-script.js';
import { telephonyErrors } from './telephony-errors.js';
import { bearerMatches, SimPathError, type SimFiles } from './sim-api-access.js';
import { platformErrors } from '../http/errors.js';
import { simPopulationSchema } from '../config/schema.js';
import { SimPopulation } from './simnet/sim-population.js';

const digits = z.string().regex(/^\+?[0-9]{1,20}$/);
const callSchema = z
  .object({
    to: digits,
    from: digits,
    restricted: z.boolean().optional(),
    dtmf: z.string().regex(/^[0-9*#A-Da-d,]{1,128}$/).optional(),
    dtmfDelayMs: z.number().int().min(0).max(600_000).optional(),
    play: z.string().min(1).optional(),
    record: z.string().min(1).optional(),
    hangupAfterMs: z.number().int().min(0).max(3_600_000).optional(),
    audioSocket: z.string().min(1).max(107).optional(),
    maxMs: z.number().int().min(1000).max(3_600_000).optional(),
  })
  .strict();

const behaviorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answer'), ringMs: z.number().int().min(0).optional(), play: z.string().optional(), dtmf: z.string().optional(), hangupAfterMs: z.number().int().min(0).optional() }).strict(),
  z.object({ kind: z.literal('busy') }).strict(),
  z.object({ kind: z.literal('no-answer') }).strict(),
  z.object({
    kind: z.literal('person'),
    ringMs: z.number().int().min(0).optional(),
    say: z.string().min(1).optional(),
    sayAfterMs: z.number().int().min(0).max(600_000).optional(),
    dtmf: z.string().regex(/^[0-9*#A-D,]{1,32}$/).optional(),
    dtmfAfterMs: z.number().int().min(0).max(600_000).optional(),
    hangupAfterMs: z.number().int().min(0).max(3_600_000).optional(),
  }).strict(),
  z.object({ kind: z.literal('answering-machine'), ringMs: z.number().int().min(0).optional(), greetingMs: z.number().int().min(500).max(60_000).optional(), greeting: z.string().min(1).optional() }).strict(),
  z.object({
    kind: z.literal('fax'),
    ringMs: z.number().int().min(0).optional(),
    receiveInto: z.string().min(1).optional(),
    send: z.string().min(1).optional(),
    ecm: z.boolean().optional(),
    maxBitRate: z.union([z.literal(14400), z.literal(12000), z.literal(9600), z.literal(7200), z.literal(4800), z.literal(2400)]).optional(),
    ident: z.string().max(20).optional(),
    hangupMidPage: z.number().int().min(1).optional(),
  }).strict(),
  z.object({ kind: z.literal('unallocated') }).strict(),
  z.object({ kind: z.literal('congestion') }).strict(),
]);

export interface SimApiOptions {
  host: string;
  port: number;
  telephony: TelephonyService;
  sim: SimWorld;
  logger: Logger;
  /** Sent by clients as `Authorization: Bearer <token>`. */
  token: string;
  /** The one directory of the files the API touches. */
  files: SimFiles;
}

class BadRequest extends Error {}

export async function startSimApi(options: SimApiOptions): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const { telephony, sim } = options;
  const app = new Koa();
  const router = new Router({ prefix: '/sim' });

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const bad = err instanceof BadRequest || err instanceof SimPathError || err instanceof z.ZodError || (err as { status?: number }).status === 400;
      ctx.status = bad ? 400 : 500;
      ctx.body = { error: { code: bad ? 'bad_request' : 'internal', message: bad ? describe(err) : 'internal error' } };
      if (!bad) options.logger.error({ err }, 'sim api');
    }
  });
  // A web page cannot reach this API through DNS rebinding: its requests name the attacker's
  // host, and only requests naming this machine (or the configured host) are served.
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]', options.host.includes(':') ? `[${options.host}]` : options.host]);
  app.use(async (ctx, next) => {
    const named = (ctx.get('host') || '').toLowerCase().replace(/:\d+$/, '');
    if (!hosts.has(named)) {
      ctx.status = 403;
      ctx.body = { error: { code: telephonyErrors.host_forbidden.code, message: 'the Host header must name this machine' } };
      return;
    }
    await next();
  });
  app.use(async (ctx, next) => {
    if (!bearerMatches(ctx.get('authorization') || undefined, options.token)) {
      ctx.status = 401;
      ctx.body = { error: { code: platformErrors.unauthenticated.code, message: 'send the simulator token as Authorization: Bearer <token> (sim.token, or <data.dir>/sim-api.token)' } };
      return;
    }
    await next();
  });
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb' }));
  const { files } = options;

  router.post('/calls', async (ctx) => {
    const parsed = callSchema.parse(ctx.request.body ?? {});
    const script = {
      ...parsed,
      ...(parsed.play !== undefined ? { play: files.path('play', parsed.play, true) } : {}),
      ...(parsed.record !== undefined ? { record: files.path('record', parsed.record, false) } : {}),
      ...(parsed.audioSocket !== undefined ? { audioSocket: files.path('audioSocket', parsed.audioSocket, false) } : {}),
    };
    const stream = new PassThrough();
    ctx.status = 200;
    ctx.type = 'application/x-ndjson';
    ctx.body = stream;
    let closed = false;
    ctx.req.on('close', () => {
      closed = true;
    });
    void runSimCallScript(script, telephony, sim, (line) => {
      if (!stream.writableEnded) stream.write(`${JSON.stringify(line)}\n`);
    }, () => closed)
      .then((cause) => stream.end(`${JSON.stringify({ event: 'done', side: 'caller', cause, at: telephony.card.clock.now(), time: telephony.card.clock.wallTime().toISOString() })}\n`))
      .catch((err: unknown) => {
        options.logger.error({ err }, 'sim call');
        stream.end(`${JSON.stringify({ event: 'error', side: 'caller', message: describe(err) })}\n`);
      });
  });

  router.get('/status', (ctx) => {
    ctx.body = {
      trunks: telephony.trunks.map((s) => ({ span: s.index, up: s.dchannelUp, alarms: s.alarms })),
      network: sim.network.ready,
      calls: telephony.activeCalls().length,
      clock: { now: telephony.card.clock.now(), mode: telephony.card.clockMode },
    };
  });

  router.put('/lines/:number', (ctx) => {
    const number = digits.parse(ctx.params['number']);
    const body = z.object({ behavior: behaviorSchema }).strict().parse(ctx.request.body ?? {});
    const behavior = { ...body.behavior };
    if (behavior.kind === 'answer' && behavior.play !== undefined) behavior.play = files.path('behavior.play', behavior.play, true);
    if (behavior.kind === 'fax' && behavior.send !== undefined) behavior.send = files.path('behavior.send', behavior.send, true);
    if (behavior.kind === 'fax' && behavior.receiveInto !== undefined) behavior.receiveInto = files.path('behavior.receiveInto', behavior.receiveInto, false);
    sim.network.setLine(number, behavior);
    ctx.body = { number, behavior: body.behavior };
  });

  router.delete('/lines/:number', (ctx) => {
    sim.network.clearLine(digits.parse(ctx.params['number']));
    ctx.status = 204;
  });

  router.get('/outbound', (ctx) => {
    ctx.body = sim.network.outboundCalls();
  });

  router.get('/population', (ctx) => {
    ctx.body = sim.network.population?.settings ?? { enabled: false };
  });

  router.put('/population', async (ctx) => {
    const settings = simPopulationSchema.parse({ enabled: true, ...(ctx.request.body as object | undefined) });
    sim.network.setPopulation(settings.enabled ? await SimPopulation.create(settings) : undefined);
    ctx.body = settings;
  });

  router.get('/phones', (ctx) => {
    ctx.body = sim.phones.all().map((p) => ({ phone: p.key, mode: p.mode, ringing: p.ringing, inCall: p.call !== undefined }));
  });

  const phoneOf = (ctx: { params: Record<string, string | undefined> }) => {
    const station = Number(ctx.params['station']);
    const ts = Number(ctx.params['ts']);
    try {
      return sim.phones.phone(station, ts);
    } catch {
      throw new BadRequest(`no simulated phone ${ctx.params['station']}/${ctx.params['ts']}`);
    }
  };

  router.put('/phones/:station/:ts', (ctx) => {
    const phone = phoneOf(ctx);
    const body = z.object({ mode: z.enum(['auto-answer', 'manual', 'unplugged']), afterMs: z.number().int().min(0).max(600_000).optional() }).strict().parse(ctx.request.body ?? {});
    phone.mode = body.mode === 'auto-answer' ? { kind: 'auto-answer', afterMs: body.afterMs ?? 1000 } : { kind: body.mode };
    ctx.body = { phone: phone.key, mode: phone.mode };
  });

  router.post('/phones/:station/:ts/:action', async (ctx) => {
    const phone = phoneOf(ctx);
    const action = ctx.params['action'];
    if (action === 'answer') await phone.answer().catch((err: Error) => { throw new BadRequest(err.message); });
    else if (action === 'hangup') await phone.hangUp();
    else if (action === 'dtmf') {
      const body = z.object({ digits: z.string().regex(/^[0-9*#A-D,]{1,64}$/) }).strict().parse(ctx.request.body ?? {});
      await phone.channel.sendDtmf(body.digits).catch((err: Error) => { throw new BadRequest(err.message); });
    } else throw new BadRequest(`unknown phone action ${action}`);
    ctx.body = { phone: phone.key, ok: true };
  });

  router.post('/cables/:index/:action', async (ctx) => {
    const index = Number(ctx.params['index']);
    const card = telephony.card;
    if (!Number.isInteger(index) || index < 0 || index >= card.cableCount) throw new BadRequest(`no cable ${ctx.params['index']} (the card has ${card.cableCount})`);
    const action = ctx.params['action'];
    if (action === 'pull') await card.cable(index).pull();
    else if (action === 'restore') await card.cable(index).restore();
    else throw new BadRequest(`unknown cable action ${action}: pull or restore`);
    ctx.body = { cable: index, action };
  });

  app.use(router.routes()).use(router.allowedMethods());
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info({ host: options.host, port }, 'simulator control API listening');
  return {
    url: `http://${options.host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function describe(err: unknown): string {
  if (err instanceof z.ZodError) return err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return err instanceof Error ? err.message : String(err);
}
