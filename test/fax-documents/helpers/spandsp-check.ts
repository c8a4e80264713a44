/**
 * Builds test/fixtures/fax/spandsp-t4-roundtrip.c in a temporary directory against the
 * system's spandsp and libtiff, and runs it: the proof that spandsp's T.4 transmitter
 * reads our files (and what it decodes from them).
 */

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { execFileAsync } from './fixtures.js';

const SOURCE = fileURLToPath(new URL('../../fixtures/fax/spandsp-t4-roundtrip.c', import.meta.url));

export interface SpandspRoundTrip {
  accepted: boolean;
  pages?: number;
  width?: number;
  /** spandsp's T.4 codes: pixels per metre (8031 = R8; 3850 standard, 7700 fine). */
  xResolution?: number;
  yResolution?: number;
  rows?: number[];
}

export async function buildSpandspCheck(dir: string): Promise<(input: string, output: string) => Promise<SpandspRoundTrip>> {
  const binary = join(dir, 'spandsp-t4-roundtrip');
  await execFileAsync('cc', ['-O1', '-Wall', '-Wextra', '-o', binary, SOURCE, '-lspandsp', '-ltiff']);
  return async (input, output) => {
    try {
      const { stdout } = await execFileAsync(binary, [input, output]);
      return JSON.parse(stdout) as SpandspRoundTrip;
    } catch (error) {
      const stdout = (error as { stdout?: string }).stdout ?? '';
      if (stdout.trim().startsWith('{')) return JSON.parse(stdout.trim().split('\n')[0] ?? '{}') as SpandspRoundTrip;
      throw error;
    }
  };
}
