/**
 * Swaps the PINs and passwords of a request for their enciphered PIN blocks (the gateway,
 * before a request leaves), and back (the simulated core, after one arrives).
 */
import type { OperationName } from '../core-banking.js';
import { decipherPinBlock, encipherPinBlock, PinBlockError, type PinBlockFormat } from './iso9564.js';
import { blockFieldName, secretFields } from './secret-fields.js';

export class PinBlocks {
  readonly format: PinBlockFormat;
  readonly #key: Buffer;

  constructor(format: PinBlockFormat, key: Buffer) {
    this.format = format;
    this.#key = Buffer.from(key);
  }

  /** The request as it goes on the wire: no clear secret left in it. */
  protect(operation: OperationName, request: Record<string, unknown>): Record<string, unknown> {
    const fields = secretFields[operation];
    if (!fields) return request;
    const wire: Record<string, unknown> = { ...request };
    for (const { field, account } of fields) {
      const pin = wire[field];
      delete wire[field];
      if (typeof pin !== 'string') continue;
      wire[blockFieldName(field)] = encipherPinBlock(this.format, pin, String(wire[account] ?? ''), this.#key);
    }
    return wire;
  }

  /** The request with clear secrets again; throws PinBlockError on a block that does not open. */
  reveal(operation: OperationName, wire: Record<string, unknown>): Record<string, unknown> {
    const fields = secretFields[operation];
    if (!fields) return wire;
    const request: Record<string, unknown> = { ...wire };
    for (const { field, account } of fields) {
      const name = blockFieldName(field);
      const block = request[name];
      delete request[name];
      if (field in request) throw new PinBlockError(`${field} arrived in clear; expected ${name}`);
      if (typeof block !== 'string') throw new PinBlockError(`${name} is missing`);
      request[field] = decipherPinBlock(this.format, block.trim(), String(request[account] ?? ''), this.#key);
    }
    return request;
  }
}
