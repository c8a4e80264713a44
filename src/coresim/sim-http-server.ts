/**
 * The simulator's HTTP/JSON endpoint: the core's side of src/gateway/http.
 *
 * POST <route> with the operation's JSON request → 200 and the result (business "no"
 * included). Errors are `{ "error": { "code", "message" } }`: 400 BAD_JSON / BAD_REQUEST,
 * 404 NO_SUCH_ROUTE, 405 METHOD_NOT_ALLOWED, 413 TOO_LARGE, 500 INTERNAL, 503 UNAVAILABLE.
 */
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { operations, type OperationName } from '../gateway/core-banking.js';
import { httpRoutes } from '../gateway/http/http-routes.js';
import type { FaultController } from './faults.js';
import { PinBlockError } from '../gateway/pin-block/iso9564.js';
import type { PinBlocks } from '../gateway/pin-block/pin-blocks.js';
import { simTlsServerOptions, type ProtocolErrorReport, type SimTlsOptions } from './sim-tcp-server.js';
import type { SimulatedCore } from './simulated-core.js';
import { SuspendableListener } from './suspendable-listener.js';

const maxBodyBytes = 64 * 1024;

export class SimHttpServer {
  readonly listener: SuspendableListener;
  readonly #server: http.Server;
  readonly #core: SimulatedCore;
  readonly #faults: FaultController;
  readonly #onProtocolError: (report: ProtocolErrorReport) => void;
  readonly #routes = new Map<string, OperationName>();
  readonly #pinBlocks: PinBlocks | undefined;
  readonly stats = { requests: 0, protocolErrors: 0 };

  constructor(
    core: SimulatedCore,
    faults: FaultController,
    host: string,
    onProtocolError: (report: ProtocolErrorReport) => void,
    secure: { tls?: SimTlsOptions; pinBlocks?: PinBlocks } = {},
  ) {
    this.#core = core;
    this.#faults = faults;
    this.#onProtocolError = onProtocolError;
    this.#pinBlocks = secure.pinBlocks;
    for (const [operation, path] of Object.entries(httpRoutes)) this.#routes.set(path, operation as OperationName);
    const serve = (req: http.IncomingMessage, res: http.ServerResponse) => void this.#serve(req, res);
    this.#server = secure.tls
      ? https.createServer({ keepAliveTimeout: 30_000, ...simTlsServerOptions(secure.tls) }, serve)
      : http.createServer({ keepAliveTimeout: 30_000 }, serve);
    this.#server.on('tlsClientError', (error: Error, socket: net.Socket) => {
      this.#protocolError(`TLS: ${error.message}`, socket.remoteAddress ?? '?');
      socket.destroy();
    });
    this.#server.on('clientError', (error, socket) => {
      this.#protocolError(`malformed HTTP: ${error.message}`, (socket as net.Socket).remoteAddress ?? '?');
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    this.listener = new SuspendableListener(this.#server, host);
  }

  async #serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests++;
    const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const reject = (status: number, code: string, message: string) => {
      if (status < 500) this.#protocolError(`${status} ${code}: ${message}`, remote);
      send(res, status, { error: { code, message } });
    };
    const path = (req.url ?? '').split('?')[0] ?? '';
    const operation = this.#routes.get(path);
    if (!operation) {
      req.resume();
      reject(404, 'NO_SUCH_ROUTE', `no operation at ${path.slice(0, 100)}`);
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      res.setHeader('allow', 'POST');
      reject(405, 'METHOD_NOT_ALLOWED', 'use POST');
      return;
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      reject(413, 'TOO_LARGE', `body over ${maxBodyBytes} bytes`);
      // Stop reading the rest: close once the answer is out.
      res.on('finish', () => req.socket.destroy());
      return;
    }
    if (body === 'aborted') return;
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      // Not the parser's message: it quotes the body, and the body may hold a PIN.
      reject(400, 'BAD_JSON', 'body is not valid JSON');
      return;
    }
    if (this.#pinBlocks && json !== null && typeof json === 'object' && !Array.isArray(json)) {
      try {
        json = this.#pinBlocks.reveal(operation, json as Record<string, unknown>);
      } catch (error) {
        if (!(error instanceof PinBlockError)) throw error;
        reject(400, 'BAD_REQUEST', error.message);
        return;
      }
    }
    const parsed = operations[operation].request.safeParse(json);
    if (!parsed.success) {
      reject(400, 'BAD_REQUEST', `invalid ${parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ')}`);
      return;
    }
    const plan = this.#faults.plan();
    if (plan.action === 'hang') return;
    // Unref'd: an injected delay alone must not keep a closing simulator alive.
    if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs).unref());
    if (plan.fail) {
      send(res, 503, { error: { code: 'UNAVAILABLE', message: 'injected fault' } });
      return;
    }
    try {
      send(res, 200, await this.#core.dispatch(operation, parsed.data as never));
    } catch (error) {
      this.#protocolError(`internal: ${error instanceof Error ? error.message : String(error)}`, remote);
      send(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
    }
  }

  #protocolError(message: string, remote: string): void {
    this.stats.protocolErrors++;
    this.#onProtocolError({ transport: 'http', message, remote });
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.off('data', onData);
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('aborted', () => resolve('aborted'));
    req.on('error', () => resolve('aborted'));
  });
}
