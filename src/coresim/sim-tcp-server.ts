/**
 * The simulator's TCP fixed-length endpoint: the core's side of the protocol in
 * src/gateway/tcp. Requests on one connection are handled concurrently and answered as they
 * finish, matched by the request id in the header.
 *
 * Bad input never stops the server:
 * - a whole frame that cannot be decoded gets an S400 (or S404 for an unknown transaction)
 *   answer and the connection carries on;
 * - a bad length prefix (not digits, or over the frame limit) means the stream is out of step:
 *   the connection gets an S400 answer with request id 0 and is closed.
 */
import net from 'node:net';
import tls from 'node:tls';
import { operations } from '../gateway/core-banking.js';
import { FrameDecoder, FrameError } from '../gateway/tcp/framing.js';
import { MessageError, type MessageCodec } from '../gateway/tcp/message-codec.js';
import { systemCodes } from '../gateway/tcp/message-layouts.js';
import { PinBlockError } from '../gateway/pin-block/iso9564.js';
import type { PinBlocks } from '../gateway/pin-block/pin-blocks.js';
import type { FaultController } from './faults.js';
import type { SimulatedCore } from './simulated-core.js';
import { SuspendableListener } from './suspendable-listener.js';

/** How the simulator serves TLS: its certificate and key, and the CA of the clients it requires. */
export interface SimTlsOptions {
  cert: Buffer;
  key: Buffer;
  /** When set, clients must present a certificate signed by this CA. */
  clientCa?: Buffer;
}

export function simTlsServerOptions(options: SimTlsOptions): tls.TlsOptions {
  return {
    cert: options.cert,
    key: options.key,
    minVersion: 'TLSv1.2',
    ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  };
}

export interface ProtocolErrorReport {
  transport: 'tcp' | 'http';
  message: string;
  remote: string;
}

export class SimTcpServer {
  readonly listener: SuspendableListener;
  readonly #server: net.Server;
  readonly #core: SimulatedCore;
  readonly #codec: MessageCodec;
  readonly #faults: FaultController;
  readonly #onProtocolError: (report: ProtocolErrorReport) => void;
  readonly #pinBlocks: PinBlocks | undefined;
  readonly stats = { connections: 0, requests: 0, protocolErrors: 0 };

  constructor(
    core: SimulatedCore,
    codec: MessageCodec,
    faults: FaultController,
    host: string,
    onProtocolError: (report: ProtocolErrorReport) => void,
    secure: { tls?: SimTlsOptions; pinBlocks?: PinBlocks } = {},
  ) {
    this.#core = core;
    this.#codec = codec;
    this.#faults = faults;
    this.#onProtocolError = onProtocolError;
    this.#pinBlocks = secure.pinBlocks;
    this.#server = secure.tls
      ? tls.createServer(simTlsServerOptions(secure.tls), (socket) => this.#serve(socket))
      : net.createServer((socket) => this.#serve(socket));
    // A handshake that fails (wrong CA, no client certificate) is the client's to report.
    this.#server.on('tlsClientError', (error: Error, socket: tls.TLSSocket) => {
      this.#protocolError(`TLS: ${error.message}`, `${socket.remoteAddress}:${socket.remotePort}`);
      socket.destroy();
    });
    this.listener = new SuspendableListener(this.#server, host);
  }

  #serve(socket: net.Socket): void {
    this.stats.connections++;
    socket.setNoDelay(true);
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const decoder = new FrameDecoder(this.#codec.framing);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = decoder.push(chunk);
      } catch (error) {
        const message = error instanceof FrameError ? error.message : String(error);
        this.#protocolError(`framing: ${message}`, remote);
        if (!socket.destroyed) socket.end(this.#codec.encodeSystemError(0, 0, systemCodes.badRequest, message));
        socket.removeAllListeners('data');
        return;
      }
      // Answers to one chunk's requests leave together (one write) once they are ready.
      if (frames.length > 1 && !socket.writableCorked) {
        socket.cork();
        setImmediate(() => socket.uncork());
      }
      for (const frame of frames) void this.#handle(frame, socket, remote);
    });
  }

  async #handle(frame: Buffer, socket: net.Socket, remote: string): Promise<void> {
    this.stats.requests++;
    let decoded: ReturnType<MessageCodec['decodeRequest']>;
    try {
      decoded = this.#codec.decodeRequest(frame);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#protocolError(message, remote);
      const header = error instanceof MessageError ? error.header : undefined;
      const unknown = message.startsWith('unknown txCode');
      const code = unknown ? systemCodes.unknownTransaction : systemCodes.badRequest;
      this.#reply(socket, this.#codec.encodeSystemError(header?.txCode ?? 0, header?.requestId ?? 0, code, message));
      return;
    }
    const { header, operation } = decoded;
    let fields = decoded.fields;
    if (this.#pinBlocks) {
      try {
        fields = this.#pinBlocks.reveal(operation, fields);
      } catch (error) {
        if (!(error instanceof PinBlockError)) throw error;
        const message = `${operation}: ${error.message}`;
        this.#protocolError(message, remote);
        this.#reply(socket, this.#codec.encodeSystemError(header.txCode, header.requestId, systemCodes.badRequest, message));
        return;
      }
    }
    const parsed = operations[operation].request.safeParse(fields);
    if (!parsed.success) {
      const message = `${operation}: invalid ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`;
      this.#protocolError(message, remote);
      this.#reply(socket, this.#codec.encodeSystemError(header.txCode, header.requestId, systemCodes.badRequest, message));
      return;
    }
    const plan = this.#faults.plan();
    if (plan.action === 'hang') return;
    // Unref'd: an injected delay alone must not keep a closing simulator alive.
    if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs).unref());
    if (plan.fail) {
      this.#reply(socket, this.#codec.encodeSystemError(header.txCode, header.requestId, systemCodes.unavailable, 'injected fault'));
      return;
    }
    let response: Buffer;
    try {
      const result = await this.#core.dispatch(operation, parsed.data as never);
      response = result.ok
        ? this.#codec.encodeSuccess(operation, header.requestId, result)
        : this.#codec.encodeFailure(header.txCode, header.requestId, result);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#protocolError(`internal: ${message}`, remote);
      response = this.#codec.encodeSystemError(header.txCode, header.requestId, systemCodes.internalError, 'internal error');
    }
    this.#reply(socket, response);
  }

  #reply(socket: net.Socket, frame: Buffer): void {
    if (!socket.destroyed && socket.writable) socket.write(frame);
  }

  #protocolError(message: string, remote: string): void {
    this.stats.protocolErrors++;
    this.#onProtocolError({ transport: 'tcp', message, remote });
  }
}
