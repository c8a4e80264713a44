/**
 * TLS to the core for both adapters: the bank's CA (the only one trusted for the core's
 * certificate), an optional client certificate and key (when the core asks for one), and the
 * name the core's certificate must carry when it differs from `host`.
 */
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';
import { readGatewayFile } from './secret-files.js';

export const GatewayTlsConfig = z
  .strictObject({
    /** PEM: the bank's CA, which signed the core's certificate. */
    caFile: z.string().min(1),
    /** PEM: this server's client certificate, when the core requires one (with keyFile). */
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /** The name checked in the core's certificate (and sent as SNI). Default: `host`. */
    serverName: z.string().min(1).optional(),
  })
  .refine((tls) => (tls.certFile === undefined) === (tls.keyFile === undefined), {
    message: 'certFile and keyFile go together',
  });
export type GatewayTlsConfig = z.output<typeof GatewayTlsConfig>;

/** Reads the files (throws a GatewayFileError naming the setting) into Node's TLS options. */
export function loadGatewayTls(config: GatewayTlsConfig, host: string): ConnectionOptions {
  const name = config.serverName ?? host;
  const options: ConnectionOptions = {
    ca: readGatewayFile('gateway.tls.caFile', config.caFile),
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    // SNI carries names only; an address is still checked against the certificate's IP entries.
    ...(isIP(name) === 0 ? { servername: name } : {}),
  };
  if (config.certFile !== undefined && config.keyFile !== undefined) {
    options.cert = readGatewayFile('gateway.tls.certFile', config.certFile);
    options.key = readGatewayFile('gateway.tls.keyFile', config.keyFile, { access: 'group' });
  }
  return options;
}
