/**
 * The PIN-block key: 16 bytes (32 hex digits) in a file the bank provides, outside the data
 * directory, readable by the server's user only. For format 0 it is a double-length TDEA key,
 * for format 4 an AES-128 key. Its value is never logged.
 */
import { readGatewayFile, GatewayFileError } from '../secret-files.js';
import type { PinBlockFormat } from './iso9564.js';

export function loadPinBlockKey(path: string, format: PinBlockFormat, dataDir?: string): Buffer {
  const text = readGatewayFile('gateway.pinBlock.keyFile', path, { access: 'owner', ...(dataDir ? { outside: dataDir } : {}) })
    .toString('utf8')
    .trim();
  if (!/^[0-9A-Fa-f]{32}$/.test(text)) {
    throw new GatewayFileError(`gateway.pinBlock.keyFile: ${path} must hold one key of 32 hex digits (16 bytes)`);
  }
  const key = Buffer.from(text, 'hex');
  // Equal halves make TDEA single DES.
  if (format === 'iso0' && key.subarray(0, 8).equals(key.subarray(8))) {
    throw new GatewayFileError(`gateway.pinBlock.keyFile: ${path} holds a TDEA key whose two halves are equal (that is single DES)`);
  }
  return key;
}
