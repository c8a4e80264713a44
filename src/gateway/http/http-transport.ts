/**
 * The HTTP/JSON adapter: node:http with a keep-alive agent (the connection pool), one POST
 * path per operation (http-routes.ts). Results are validated against the operation's schema.
 * With `tls`, node:https against the bank's CA; with `pinBlocks`, PINs and passwords travel as
 * enciphered PIN blocks (`pinBlock`, `passwordBlock`...).
 */
import http from 'node:http';
import https from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import { operations, type OperationName, type ResultOf, type WireRequestOf } from '../core-banking.js';
import type { CoreTransport, TransportCallOptions } from '../core-transport.js';
import { GatewayError } from '../gateway-error.js';
import type { PinBlocks } from '../pin-block/pin-blocks.js';
import { httpRoutes, requestIdHeader } from './http-routes.js';

export interface HttpTransportOptions {
  host: string;
  port: number;
  /** Prepended to every route, for cores mounted under a prefix. Default ''. */
  basePath?: string;
  /** Concurrent connections (the pool size). Default 16. */
  maxSockets?: number;
  /** Largest response accepted. Default 1 MiB. */
  maxResponseBytes?: number;
  /** TLS to the core (gateway-tls.ts); clear HTTP without it. */
  tls?: ConnectionOptions;
  /** Encipher PINs and passwords into PIN blocks before they leave. */
  pinBlocks?: PinBlocks;
}

/** Connection errors that prove the request never left (a TLS handshake that failed included). */
const notSentCodes = new Set([
  'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE',
]);

export class HttpTransport implements CoreTransport {
  readonly adapter = 'http';
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;
  readonly #pinBlocks: PinBlocks | undefined;
  readonly #host: string;
  readonly #port: number;
  readonly #basePath: string;
  readonly #maxResponseBytes: number;
  readonly #inFlight = new Set<http.ClientRequest>();
  #closed = false;

  constructor(options: HttpTransportOptions) {
    this.#host = options.host;
    this.#port = options.port;
    this.#basePath = options.basePath ?? '';
    this.#maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
    const maxSockets = options.maxSockets ?? 16;
    const pool = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' } as const;
    this.#agent = options.tls ? new https.Agent({ ...pool, ...options.tls }) : new http.Agent(pool);
    this.#request = options.tls ? https.request : http.request;
    this.#pinBlocks = options.pinBlocks;
  }

  send<K extends OperationName>(operation: K, request: WireRequestOf<K>, options: TransportCallOptions): Promise<ResultOf<K>> {
    if (this.#closed) return Promise.reject(new GatewayError('GATEWAY_CLOSED', 'gateway closed', { mayHaveReachedCore: false, operation }));
    let wire: unknown = request;
    try {
      if (this.#pinBlocks) wire = this.#pinBlocks.protect(operation, request as Record<string, unknown>);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return Promise.reject(new GatewayError('GATEWAY_INVALID_REQUEST', `${operation}: ${why}`, { mayHaveReachedCore: false, operation }));
    }
    const body = Buffer.from(JSON.stringify(wire), 'utf8');
    return new Promise<ResultOf<K>>((resolve, reject) => {
      const fail = (code: ConstructorParameters<typeof GatewayError>[0], why: string, reached: boolean, cause?: unknown) =>
        reject(new GatewayError(code, `${operation}: ${why}`, { mayHaveReachedCore: reached, operation, cause }));
      const req = this.#request(
        {
          agent: this.#agent,
          host: this.#host,
          port: this.#port,
          method: 'POST',
          path: this.#basePath + httpRoutes[operation],
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            [requestIdHeader]: options.requestId,
          },
          signal: options.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.#maxResponseBytes) {
              req.destroy();
              fail('GATEWAY_PROTOCOL_ERROR', `response larger than ${this.#maxResponseBytes} bytes`, true);
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', (error) => fail('GATEWAY_CONNECTION_LOST', `response interrupted: ${error.message}`, true, error));
          res.on('end', () => {
            if (size > this.#maxResponseBytes) return;
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(chunks, size).toString('utf8');
            if (status >= 500) {
              fail('GATEWAY_CORE_ERROR', `core answered HTTP ${status}${errorMessage(text)}`, true);
              return;
            }
            if (status !== 200) {
              fail('GATEWAY_PROTOCOL_ERROR', `core answered HTTP ${status}${errorMessage(text)}`, status !== 404);
              return;
            }
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              fail('GATEWAY_PROTOCOL_ERROR', 'response is not JSON', true);
              return;
            }
            const parsed = operations[operation].result.safeParse(json);
            if (!parsed.success) {
              const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
              fail('GATEWAY_PROTOCOL_ERROR', `response failed validation (${fields})`, true);
              return;
            }
            resolve(parsed.data as ResultOf<K>);
          });
        },
      );
      this.#inFlight.add(req);
      req.on('close', () => this.#inFlight.delete(req));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.name === 'AbortError') {
          fail(this.#closed ? 'GATEWAY_CLOSED' : 'GATEWAY_TIMEOUT', 'request abandoned', true, error);
        } else if (this.#closed) {
          fail('GATEWAY_CLOSED', 'gateway closed', true, error);
        } else if (error.code !== undefined && notSentCodes.has(error.code)) {
          fail('GATEWAY_UNAVAILABLE', `cannot connect to core ${this.#host}:${this.#port}: ${error.code}`, false, error);
        } else {
          fail('GATEWAY_CONNECTION_LOST', `connection to core failed: ${error.message}`, true, error);
        }
      });
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const req of this.#inFlight) req.destroy();
    this.#agent.destroy();
  }
}

function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : '';
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message.slice(0, 200) : '';
    return code || message ? ` (${[code, message].filter(Boolean).join(': ')})` : '';
  } catch {
    return '';
  }
}
