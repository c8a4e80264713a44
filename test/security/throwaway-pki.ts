/**
 * A throwaway PKI for TLS tests, made with the openssl command (Debian package `openssl`) in a
 * temporary directory: a bank CA, the core's server certificate (for 127.0.0.1 and
 * core.bank.test), a client certificate from the same CA, and an unrelated CA.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPki {
  dir: string;
  /** PEM files. */
  caCert: string;
  otherCaCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  read(file: string): Buffer;
  remove(): void;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
}

function issue(dir: string, ca: string, name: string, extensions: string): void {
  openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`,
    '-keyout', `${name}.key`, '-out', `${name}.csr`);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`);
  chmodSync(join(dir, `${name}.key`), 0o600);
}

export function makeThrowawayPki(): ThrowawayPki {
  const dir = mkdtempSync(join(tmpdir(), 'tellerline-pki-'));
  makeCa(dir, 'bank-ca');
  makeCa(dir, 'other-ca');
  issue(dir, 'bank-ca', 'core', 'subjectAltName=IP:127.0.0.1,DNS:core.bank.test\nextendedKeyUsage=serverAuth\n');
  issue(dir, 'bank-ca', 'ivr-client', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caCert: join(dir, 'bank-ca.crt'),
    otherCaCert: join(dir, 'other-ca.crt'),
    serverCert: join(dir, 'core.crt'),
    serverKey: join(dir, 'core.key'),
    clientCert: join(dir, 'ivr-client.crt'),
    clientKey: join(dir, 'ivr-client.key'),
    read: (file) => readFileSync(file),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
