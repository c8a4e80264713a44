/**
 * The TCP fixed-length adapter: requests become framed fixed-width messages on a pool of
 * multiplexed connections; responses are decoded, mapped to results and validated.
 */
import { systemClock, type Clock } from '../clock.js';
import { operations, type OperationName, type ResultOf, type WireRequestOf } from '../core-banking.js';
import type { CoreTransport, TransportCallOptions } from '../core-transport.js';
import { GatewayError } from '../gateway-error.js';
import { noopGatewayMetrics, type GatewayMetrics } from '../metrics.js';
import { PinBlockError } from '../pin-block/iso9564.js';
import type { PinBlocks } from '../pin-block/pin-blocks.js';
import { CodecError } from './fixed-length-codec.js';
import { MessageCodec, type DecodedResponse, type TcpProtocolOptions } from './message-codec.js';
import { maxRequestId, systemCodes } from './message-layouts.js';
import { TcpConnectionPool, type PoolSnapshot, type TcpPoolOptions } from './tcp-pool.js';

export interface TcpTransportOptions extends TcpPoolOptions, Omit<TcpProtocolOptions, 'pinBlockFormat'> {
  clock?: Clock;
  metrics?: GatewayMetrics;
  /** Encipher PINs and passwords into PIN blocks (the layouts carry the blocks instead). */
  pinBlocks?: PinBlocks;
}

export class TcpTransport implements CoreTransport {
  readonly adapter = 'tcp';
  readonly codec: MessageCodec;
  readonly #pool: TcpConnectionPool;
  readonly #pinBlocks: PinBlocks | undefined;
  #nextId = 1;

  constructor(options: TcpTransportOptions) {
    this.#pinBlocks = options.pinBlocks;
    this.codec = new MessageCodec({ ...options, ...(options.pinBlocks ? { pinBlockFormat: options.pinBlocks.format } : {}) });
    this.#pool = new TcpConnectionPool(this.codec, options.clock ?? systemClock, options.metrics ?? noopGatewayMetrics, options);
    this.#pool.start();
  }

  pool(): PoolSnapshot {
    return this.#pool.snapshot();
  }

  stats(): Record<string, number> {
    return { ...this.#pool.snapshot() };
  }

  async send<K extends OperationName>(operation: K, request: WireRequestOf<K>, options: TransportCallOptions): Promise<ResultOf<K>> {
    const requestId = this.#nextId;
    this.#nextId = this.#nextId >= maxRequestId ? 1 : this.#nextId + 1;
    let frame: Buffer;
    try {
      const fields = request as Record<string, unknown>;
      frame = this.codec.encodeRequest(operation, requestId, this.#pinBlocks ? this.#pinBlocks.protect(operation, fields) : fields);
    } catch (error) {
      if (!(error instanceof CodecError) && !(error instanceof PinBlockError)) throw error;
      throw new GatewayError('GATEWAY_INVALID_REQUEST', `${operation}: ${error.message}`, { mayHaveReachedCore: false, operation });
    }
    const response = await this.#pool.request(frame, requestId, options.signal);
    return toResult(operation, response);
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

function toResult<K extends OperationName>(operation: K, response: DecodedResponse): ResultOf<K> {
  const protocolError = (why: string) =>
    new GatewayError('GATEWAY_PROTOCOL_ERROR', `${operation}: ${why}`, { mayHaveReachedCore: true, operation });
  if (response.kind === 'system') {
    const why = `core answered ${response.respCode}${response.message ? `: ${response.message}` : ''}`;
    if (response.respCode === systemCodes.badRequest || response.respCode === systemCodes.unknownTransaction) {
      throw protocolError(why);
    }
    throw new GatewayError('GATEWAY_CORE_ERROR', `${operation}: ${why}`, { mayHaveReachedCore: true, operation });
  }
  if (response.operation !== undefined && response.operation !== operation) {
    throw protocolError(`response is for ${response.operation}`);
  }
  const candidate = response.kind === 'success' ? { ok: true, ...response.fields } : { ok: false, code: response.code, ...response.fields };
  const parsed = operations[operation].result.safeParse(candidate);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw protocolError(`response failed validation (${fields})`);
  }
  return parsed.data as ResultOf<K>;
}
