/**
 * The fax document render worker: a separate Node process that does all image work with
 * sharp. It runs apart from the server for two reasons:
 * - licence: sharp is Apache-2.0, which the FSF holds incompatible with GPL-2.0-only in
 *   one program, and the server loads the GPL telephony addon; so sharp must never be
 *   loaded into the server process. Only this file and ./worker/* import sharp.
 * - load: rendering is CPU-heavy and must stay off the server's event loop.
 *
 * Protocol (see render-protocol.ts): JSON lines on stdin, answers as JSON lines on
 * stdout, one request at a time, in order. Diagnostics go to stderr. The worker exits
 * when stdin closes. Started by render-worker-client.ts.
 */

import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import sharp from 'sharp';
import { FaxDocumentError, serializeError } from './errors.js';
import { writeFaxTiff, type CodedFaxPage } from './fax-tiff-writer.js';
import { FAX_A4_ROWS } from './fax-format.js';
import type { RenderRequest, RenderResults, WorkerRequestLine, WorkerResponseLine, WrittenFax } from './render-protocol.js';
import { looksLikeTiff, readTiffStructure, type TiffPageStructure } from './tiff-structure.js';
import { encodeFaxPage, resampleToFaxRows } from './worker/fax-page-encoder.js';
import { placeOnFaxPage } from './worker/image-pages.js';
import { drawPagePlan } from './worker/page-canvas.js';
import { compareFaxImages } from './worker/pixel-compare.js';
import { renderPagesToPng } from './worker/png-pages.js';
import { TextRenderer } from './worker/text-renderer.js';

// One libvips thread: the machine also runs the real-time telephony engine. No cache:
// files are rewritten under the same name and must be read afresh.
sharp.concurrency(1);
sharp.cache(false);

type Handler<K extends RenderRequest['op']> = (request: Extract<RenderRequest, { op: K }>) => Promise<RenderResults[K]>;

const handlers: { [K in RenderRequest['op']]: Handler<K> } = {
  async renderPlan(request) {
    const text = new TextRenderer(request.fonts);
    const coded: CodedFaxPage[] = [];
    for (const plan of request.pages) {
      const canvas = await drawPagePlan(plan, text);
      const page = await resampleToFaxRows(canvas, FAX_A4_ROWS[request.resolution]);
      coded.push(await encodeFaxPage(page, request.resolution));
    }
    return writeAtomically(request.outPath, coded);
  },

  async composeImages(request) {
    const coded: CodedFaxPage[] = [];
    for (const source of request.sources) {
      coded.push(await encodeFaxPage(await placeOnFaxPage(source, request.resolution), request.resolution));
    }
    return writeAtomically(request.outPath, coded);
  },

  async renderPng(request) {
    return renderPagesToPng(request.tiffPath, await faxStructure(request.tiffPath), request.outDir);
  },

  async compare(request) {
    const [a, b] = await Promise.all([faxStructure(request.a), faxStructure(request.b)]);
    return compareFaxImages({ path: request.a, structure: a }, { path: request.b, structure: b });
  },
};

async function faxStructure(path: string): Promise<TiffPageStructure[]> {
  const file = await readFile(path);
  if (!looksLikeTiff(file)) {
    throw new FaxDocumentError('fax_doc_unsupported', 'The file is not a TIFF fax image.');
  }
  return readTiffStructure(file);
}

/** Writes beside the target and renames, so the fax engine never sees half a file. */
async function writeAtomically(outPath: string, pages: CodedFaxPage[]): Promise<WrittenFax> {
  if (pages.length === 0) throw new FaxDocumentError('fax_doc_empty', 'There are no pages to fax.');
  const tiff = writeFaxTiff(pages);
  const temporary = `${outPath}.${process.pid}.partial`;
  try {
    await writeFile(temporary, tiff);
    await rename(temporary, outPath);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  return { pages: pages.length, bytes: tiff.length };
}

async function handle(line: string): Promise<WorkerResponseLine | undefined> {
  let parsed: WorkerRequestLine;
  try {
    parsed = JSON.parse(line) as WorkerRequestLine;
  } catch {
    process.stderr.write('render-worker: ignoring a line that is not JSON\n');
    return undefined;
  }
  try {
    const handler = handlers[parsed.request.op] as Handler<RenderRequest['op']> | undefined;
    if (!handler) throw new Error(`unknown operation ${String(parsed.request.op)}`);
    return { id: parsed.id, ok: true, result: await handler(parsed.request as never) };
  } catch (error) {
    return { id: parsed.id, ok: false, error: serializeError(error) };
  }
}

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const response = await handle(line);
    if (response) process.stdout.write(`${JSON.stringify(response)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`render-worker: fatal: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
