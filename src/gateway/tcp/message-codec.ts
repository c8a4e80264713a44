/**
 * Whole messages of the TCP protocol: header + body, framed. Used by the TCP adapter (encode
 * requests, decode responses) and by the simulator (the other way round).
 */
import { businessCodes, type BusinessCode } from '../business-codes.js';
import { operationNames, type OperationName } from '../core-banking.js';
import { compileRecord, CodecError, type RecordCodec } from './fixed-length-codec.js';
import { checkFraming, defaultFraming, prefixWidth, writePrefix, type FramingOptions } from './framing.js';
import {
  businessWireCodes,
  failureBodyLayout,
  headerLayout,
  messageLayouts,
  successCode,
  systemErrorBodyLayout,
} from './message-layouts.js';
import { textEncoding, type TextEncodingName } from './text-encoding.js';
import type { PinBlockFormat } from '../pin-block/iso9564.js';
import { requestLayoutWithPinBlocks } from './pin-block-layouts.js';

export interface TcpProtocolOptions {
  /** Text of AN fields. Default `gb18030`. */
  encoding?: TextEncodingName;
  framing?: FramingOptions;
  /** Four characters naming the sending channel in the header. Default `IVR1`. */
  channel?: string;
  /** PINs and passwords travel as PIN blocks of this format (pin-block-layouts.ts). Default: clear. */
  pinBlockFormat?: PinBlockFormat;
}

export interface MessageHeader {
  txCode: number;
  direction: 'Q' | 'R';
  requestId: number;
  channel: string;
  sentDate: string;
  sentTime: string;
  respCode?: string;
}

export type DecodedResponse =
  | { kind: 'success'; header: MessageHeader; operation: OperationName; fields: Record<string, unknown> }
  | { kind: 'failure'; header: MessageHeader; operation: OperationName | undefined; code: BusinessCode; fields: Record<string, unknown> }
  | { kind: 'system'; header: MessageHeader; respCode: string; message: string | undefined };

/** A message that could be framed but not understood; `header` is set when it could be read. */
export class MessageError extends Error {
  override readonly name = 'MessageError';
  constructor(
    message: string,
    readonly header: MessageHeader | undefined,
  ) {
    super(message);
  }
}

interface CompiledMessage {
  operation: OperationName;
  txCode: number;
  request: RecordCodec;
  response: RecordCodec;
}

export class MessageCodec {
  readonly encoding: TextEncodingName;
  readonly framing: FramingOptions;
  readonly #channel: string;
  readonly #prefixWidth: number;
  readonly #header: RecordCodec;
  readonly #headerWidth: number;
  readonly #failure: RecordCodec;
  readonly #systemError: RecordCodec;
  readonly #byOperation = new Map<OperationName, CompiledMessage>();
  readonly #byTxCode = new Map<number, CompiledMessage>();
  readonly #businessByWire = new Map<string, BusinessCode>();

  constructor(options: TcpProtocolOptions = {}) {
    this.encoding = options.encoding ?? 'gb18030';
    this.framing = options.framing ?? defaultFraming;
    checkFraming(this.framing);
    this.#channel = options.channel ?? 'IVR1';
    if (!/^[\x20-\x7e]{1,4}$/.test(this.#channel)) throw new Error('channel: 1-4 printable ASCII characters');
    this.#prefixWidth = prefixWidth(this.framing.prefix);
    const text = textEncoding(this.encoding);
    this.#header = compileRecord('header', headerLayout, text);
    this.#headerWidth = this.#header.measure({});
    this.#failure = compileRecord('failure', failureBodyLayout, text);
    this.#systemError = compileRecord('systemError', systemErrorBodyLayout, text);
    for (const operation of operationNames) {
      const layout = messageLayouts[operation];
      const compiled: CompiledMessage = {
        operation,
        txCode: layout.txCode,
        request: compileRecord(
          `${operation}.request`,
          options.pinBlockFormat ? requestLayoutWithPinBlocks(operation, layout, options.pinBlockFormat) : layout.request,
          text,
        ),
        response: compileRecord(`${operation}.response`, layout.response, text),
      };
      if (this.#byTxCode.has(layout.txCode)) throw new Error(`txCode ${layout.txCode} used twice`);
      this.#byOperation.set(operation, compiled);
      this.#byTxCode.set(layout.txCode, compiled);
    }
    for (const code of businessCodes) this.#businessByWire.set(businessWireCodes[code], code);
  }

  txCodeOf(operation: OperationName): number {
    return this.#compiled(operation).txCode;
  }

  // --- client side ---------------------------------------------------------------------------

  encodeRequest(operation: OperationName, requestId: number, request: Record<string, unknown>, now?: Date): Buffer {
    const message = this.#compiled(operation);
    return this.#frame(message.txCode, 'Q', requestId, undefined, message.request, request, now);
  }

  decodeResponse(payload: Buffer): DecodedResponse {
    const header = this.decodeHeader(payload);
    if (header.direction !== 'R') throw new MessageError(`expected a response, got direction ${header.direction}`, header);
    const body = this.#headerWidth;
    const respCode = header.respCode ?? '';
    const message = this.#byTxCode.get(header.txCode);
    try {
      if (respCode === successCode) {
        if (!message) throw new MessageError(`response for unknown txCode ${header.txCode}`, header);
        return { kind: 'success', header, operation: message.operation, fields: message.response.read(payload, body, payload.length) };
      }
      const business = this.#businessByWire.get(respCode);
      if (business) {
        return { kind: 'failure', header, operation: message?.operation, code: business, fields: this.#failure.read(payload, body, payload.length) };
      }
      if (respCode.startsWith('S')) {
        const fields = this.#systemError.read(payload, body, payload.length);
        return { kind: 'system', header, respCode, message: fields['message'] as string | undefined };
      }
      throw new MessageError(`unknown response code ${JSON.stringify(respCode)}`, header);
    } catch (error) {
      if (error instanceof CodecError) throw new MessageError(error.message, header);
      throw error;
    }
  }

  // --- core side (the simulator) -------------------------------------------------------------

  decodeRequest(payload: Buffer): { header: MessageHeader; operation: OperationName; fields: Record<string, unknown> } {
    const header = this.decodeHeader(payload);
    if (header.direction !== 'Q') throw new MessageError(`expected a request, got direction ${header.direction}`, header);
    const message = this.#byTxCode.get(header.txCode);
    if (!message) throw new MessageError(`unknown txCode ${header.txCode}`, header);
    try {
      return { header, operation: message.operation, fields: message.request.read(payload, this.#headerWidth, payload.length) };
    } catch (error) {
      if (error instanceof CodecError) throw new MessageError(error.message, header);
      throw error;
    }
  }

  encodeSuccess(operation: OperationName, requestId: number, result: Record<string, unknown>, now?: Date): Buffer {
    const message = this.#compiled(operation);
    return this.#frame(message.txCode, 'R', requestId, successCode, message.response, result, now);
  }

  encodeFailure(
    txCode: number,
    requestId: number,
    failure: { code: BusinessCode; message?: string | undefined; attemptsLeft?: number | undefined },
    now?: Date,
  ): Buffer {
    return this.#frame(txCode, 'R', requestId, businessWireCodes[failure.code], this.#failure, failure, now);
  }

  encodeSystemError(txCode: number, requestId: number, respCode: string, message: string, now?: Date): Buffer {
    if (!/^S\d{3}$/.test(respCode)) throw new Error(`not a system code: ${respCode}`);
    return this.#frame(txCode, 'R', requestId, respCode, this.#systemError, { message }, now);
  }

  // --- shared --------------------------------------------------------------------------------

  decodeHeader(payload: Buffer): MessageHeader {
    if (payload.length < this.#headerWidth) {
      throw new MessageError(`message of ${payload.length} bytes is shorter than the ${this.#headerWidth}-byte header`, undefined);
    }
    let fields: Record<string, unknown>;
    try {
      fields = this.#header.readPrefix(payload, 0, payload.length).record;
    } catch (error) {
      if (error instanceof CodecError) throw new MessageError(error.message, undefined);
      throw error;
    }
    const header = fields as unknown as MessageHeader;
    if (header.direction !== 'Q' && header.direction !== 'R') {
      throw new MessageError(`header.direction: ${JSON.stringify(header.direction)} is neither Q nor R`, undefined);
    }
    return header;
  }

  #compiled(operation: OperationName): CompiledMessage {
    const message = this.#byOperation.get(operation);
    if (!message) throw new Error(`no layout for ${operation}`);
    return message;
  }

  #frame(
    txCode: number,
    direction: 'Q' | 'R',
    requestId: number,
    respCode: string | undefined,
    body: RecordCodec,
    fields: Record<string, unknown>,
    now: Date | undefined,
  ): Buffer {
    const bodyWidth = body.measure(fields);
    const length = this.#headerWidth + bodyWidth;
    if (length > this.framing.maxFrameBytes) throw new CodecError(`message of ${length} bytes exceeds the frame limit`);
    const buf = Buffer.allocUnsafe(this.#prefixWidth + length);
    writePrefix(this.framing.prefix, length, buf, 0);
    const [sentDate, sentTime] = localDateTime(now?.getTime() ?? Date.now());
    let at = this.#header.write(
      { txCode, direction, requestId, channel: this.#channel, sentDate, sentTime, respCode },
      buf,
      this.#prefixWidth,
    );
    at = body.write(fields, buf, at);
    if (at !== buf.length) throw new CodecError(`internal: wrote ${at} of ${buf.length} bytes`);
    return buf;
  }
}

let cachedSecond = -1;
let cachedDateTime: [string, string] = ['', ''];

/** The bank's local date and time of `ms`; formatted once per second. */
function localDateTime(ms: number): [string, string] {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    const now = new Date(ms);
    const pad = (n: number) => String(n).padStart(2, '0');
    cachedDateTime = [
      `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
      `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`,
    ];
    cachedSecond = second;
  }
  return cachedDateTime;
}
