/**
 * Run as a child process by worker.test.ts: behaves like the server, using only the
 * public fax document API, then reports which shared objects its own process and the
 * render worker have mapped. It does not close the API: an idle worker must not keep
 * the server process alive, so this process has to exit on its own.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFaxDocuments, renderStatement, renderPagesToPng } from '../../../src/fax/documents/index.js';
import { sampleStatement } from './statement-sample.js';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: server-process.ts OUT_DIR');
const tiff = join(outDir, 'server.tif');
await renderStatement(sampleStatement(5), { resolution: 'fine', outPath: tiff });
await renderPagesToPng(tiff, join(outDir, 'png'));
const workerPid = defaultFaxDocuments().workerPid;
const sharpLike = /libvips|sharp-linux|sharp\.node/;
const ownMaps = readFileSync('/proc/self/maps', 'utf8');
const workerMaps = workerPid ? readFileSync(`/proc/${workerPid}/maps`, 'utf8') : '';
process.stdout.write(
  `${JSON.stringify({ serverLoadsSharp: sharpLike.test(ownMaps), workerLoadsSharp: sharpLike.test(workerMaps), workerPid })}\n`,
);
