/**
 * The HTTP/JSON adapter: node:http with a keep-alive agent (the connection pool), one POST
 * path per operation (http-routes.ts). Results are validated against the operation's schema.
 */
import http from 'node:http';
import { operations, type OperationName, type ResultOf, type WireRequestOf } from '../core-banking.js';
import type { CoreTransport, TransportCallOptions } from '../core-transport.js';
import { GatewayError } from '../gateway-error.js';
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
}

/** Connection errors that prove the request never left. */
const notSentCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

export class HttpTransport implements CoreTransport {
  readonly adapter = 'http';
  readonly #agent: http.Agent;
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
    this.#agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
  }

  send<K extends OperationName>(operation: K, request: WireRequestOf<K>, options: TransportCallOptions): Promise<ResultOf<K>> {
    if (this.#closed) return Promise.reject(new GatewayError('GATEWAY_CLOSED', 'gateway closed', { mayHaveReachedCore: false, operation }));
    const body = Buffer.from(JSON.stringify(request), 'utf8');
    return new Promise<ResultOf<K>>((resolve, reject) => {
      const fail = (code: ConstructorParameters<typeof GatewayError>[0], why: string, reached: boolean, cause?: unknown) =>
        reject(new GatewayError(code, `${operation}: ${why}`, { mayHaveReachedCore: reached, operation, cause }));
      const req = http.request(
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
