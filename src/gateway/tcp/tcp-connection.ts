/**
 * One TCP connection to the core, carrying many requests at once: each request's header has a
 * request id, and responses (in any order) are matched back by it.
 *
 * Slots: the pool reserves a slot before sending, so a connection never holds more than its
 * share of requests in flight. A response that arrives after its request gave up is dropped
 * and counted (`lateResponses`).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Clock } from '../clock.js';
import { GatewayError } from '../gateway-error.js';
import { FrameDecoder, FrameError } from './framing.js';
import { MessageError, type DecodedResponse, type MessageCodec } from './message-codec.js';

/**
 * A request awaiting its answer. It is its own abort listener (`handleEvent`), so sending
 * creates no closures.
 */
class Pending {
  resolve!: (response: DecodedResponse) => void;
  reject!: (error: GatewayError) => void;
  readonly promise: Promise<DecodedResponse>;

  constructor(
    readonly requestId: number,
    readonly signal: AbortSignal,
    private readonly done: (pending: Pending) => boolean,
  ) {
    this.promise = new Promise<DecodedResponse>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  answer(response: DecodedResponse): void {
    if (this.done(this)) this.resolve(response);
  }

  fail(error: GatewayError): void {
    if (this.done(this)) this.reject(error);
  }

  /** The caller gave up (timeout or gateway closing). */
  handleEvent(): void {
    this.fail(new GatewayError('GATEWAY_TIMEOUT', 'request abandoned', { mayHaveReachedCore: true }));
  }
}

export class TcpConnection {
  readonly #socket: net.Socket;
  readonly #codec: MessageCodec;
  readonly #decoder: FrameDecoder;
  readonly #pending = new Map<number, Pending>();
  readonly #onSlotFreed: () => void;
  readonly #onClosed: (connection: TcpConnection, reason: string) => void;
  #reserved = 0;
  #closed = false;
  #corked = false;
  lateResponses = 0;

  private constructor(
    socket: net.Socket,
    codec: MessageCodec,
    onSlotFreed: () => void,
    onClosed: (connection: TcpConnection, reason: string) => void,
  ) {
    this.#socket = socket;
    this.#codec = codec;
    this.#decoder = new FrameDecoder(codec.framing);
    this.#onSlotFreed = onSlotFreed;
    this.#onClosed = onClosed;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.#close(`connection error: ${error.message}`));
    socket.on('close', () => this.#close('connection closed by the core'));
    socket.on('end', () => this.#close('connection ended by the core'));
  }

  /** Opens a connection, or rejects with GATEWAY_UNAVAILABLE. */
  static connect(options: {
    host: string;
    port: number;
    codec: MessageCodec;
    clock: Clock;
    connectTimeoutMs: number;
    /** TLS to the core; the connection counts as open once the handshake has verified the core. */
    tls?: tls.ConnectionOptions;
    onSlotFreed: () => void;
    onClosed: (connection: TcpConnection, reason: string) => void;
  }): Promise<TcpConnection> {
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tls.connect({ ...options.tls, host: options.host, port: options.port })
        : net.connect({ host: options.host, port: options.port });
      const fail = (why: string, cause?: unknown) => {
        timer.cancel();
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.destroy();
        reject(new GatewayError('GATEWAY_UNAVAILABLE', `cannot connect to core ${options.host}:${options.port}: ${why}`, {
          mayHaveReachedCore: false,
          cause,
        }));
      };
      const timer = options.clock.setTimer(options.connectTimeoutMs, () => fail(`no answer in ${options.connectTimeoutMs} ms`));
      socket.once('error', (error) => fail(error.message, error));
      socket.once(options.tls ? 'secureConnect' : 'connect', () => {
        timer.cancel();
        socket.removeAllListeners();
        resolve(new TcpConnection(socket, options.codec, options.onSlotFreed, options.onClosed));
      });
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Requests reserved or awaiting an answer. */
  get load(): number {
    return this.#reserved;
  }

  reserve(): void {
    this.#reserved++;
  }

  /** Gives back a reserved slot that will not be used. */
  unreserve(): void {
    this.#reserved--;
    this.#onSlotFreed();
  }

  /** Sends a framed request on a reserved slot; resolves with the decoded response. */
  send(frame: Buffer, requestId: number, signal: AbortSignal): Promise<DecodedResponse> {
    if (this.#closed) {
      this.unreserve();
      return Promise.reject(new GatewayError('GATEWAY_CONNECTION_LOST', 'connection to core closed', { mayHaveReachedCore: false }));
    }
    const pending = new Pending(requestId, signal, this.#done);
    this.#pending.set(requestId, pending);
    signal.addEventListener('abort', pending, { once: true });
    this.#write(frame);
    return pending.promise;
  }

  /** Removes a settled request and frees its slot; false if it was already settled. */
  readonly #done = (pending: Pending): boolean => {
    if (this.#pending.get(pending.requestId) !== pending) return false;
    this.#pending.delete(pending.requestId);
    pending.signal.removeEventListener('abort', pending);
    this.unreserve();
    return true;
  };

  /**
   * Requests issued in the same turn of the event loop leave in one write: cork on the first,
   * uncork once the turn's callbacks have run.
   */
  #write(frame: Buffer): void {
    if (!this.#corked) {
      this.#corked = true;
      this.#socket.cork();
      setImmediate(() => {
        this.#corked = false;
        this.#socket.uncork();
      });
    }
    this.#socket.write(frame);
  }

  close(reason = 'closed by the gateway'): void {
    this.#close(reason);
  }

  #receive(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.#decoder.push(chunk);
    } catch (error) {
      const why = error instanceof FrameError ? error.message : String(error);
      this.#failAll('GATEWAY_PROTOCOL_ERROR', `bad frame from core: ${why}`);
      this.#close(`bad frame from core: ${why}`);
      return;
    }
    for (const frame of frames) {
      let response: DecodedResponse;
      try {
        response = this.#codec.decodeResponse(frame);
      } catch (error) {
        // The frame was whole, so the stream is still in step: fail just that request.
        const header = error instanceof MessageError ? error.header : undefined;
        const pending = header ? this.#pending.get(header.requestId) : undefined;
        const message = error instanceof Error ? error.message : String(error);
        if (pending) pending.fail(new GatewayError('GATEWAY_PROTOCOL_ERROR', `bad response from core: ${message}`, { mayHaveReachedCore: true }));
        else this.lateResponses++;
        continue;
      }
      const pending = this.#pending.get(response.header.requestId);
      if (pending) pending.answer(response);
      else this.lateResponses++;
    }
  }

  #failAll(code: 'GATEWAY_CONNECTION_LOST' | 'GATEWAY_PROTOCOL_ERROR' | 'GATEWAY_CLOSED', message: string): void {
    for (const pending of [...this.#pending.values()]) pending.fail(new GatewayError(code, message, { mayHaveReachedCore: true }));
  }

  #close(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.destroy();
    this.#failAll(reason.startsWith('closed by the gateway') ? 'GATEWAY_CLOSED' : 'GATEWAY_CONNECTION_LOST', reason);
    this.#onClosed(this, reason);
  }
}
