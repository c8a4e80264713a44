/**
 * Fax documents: the TIFF/F files the fax engine sends and receives.
 *
 * - renderStatement: an account statement drawn as a multi-page fax (Chinese and English).
 * - convertToFax: a fax-on-demand upload (PDF, PNG, JPEG, TIFF) converted to a fax.
 * - renderPagesToPng: the pages of a (received) fax as PNGs for the browser.
 * - compareFaxImages: do two fax files carry the same pixels?
 * - faxDocumentInfo: pages, sizes, resolutions, compression; can spandsp send it?
 *
 * All pixel work happens in a separate worker process (render-worker.ts), which uses
 * sharp; sharp's Apache-2.0 licence must stay out of this GPL-2.0-only server process.
 * Nothing reachable from this file imports sharp. PDFs go through poppler's command-line
 * tools, also separate processes.
 */

import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaxDocumentError } from './errors.js';
import { isFaxResolution, type FaxResolution } from './fax-format.js';
import { faxDocumentInfo } from './fax-document-info.js';
import { detectInputType } from './input-type.js';
import { inspectPdf, rasterisePdf } from './pdf-rasterizer.js';
import type { FaxImageComparison, FontFiles, ImageSource, PngPage, WrittenFax } from './render-protocol.js';
import { RenderWorkerClient } from './render-worker-client.js';
import { layoutStatement } from './statement-layout.js';
import { validateStatementData, type StatementData } from './statement-data.js';
import { readTiffStructure } from './tiff-structure.js';

export { FaxDocumentError, type FaxDocumentErrorCode } from './errors.js';
export { FAX_A4_ROWS, FAX_WIDTH_PX, FAX_X_DPI, FAX_Y_DPI, type FaxResolution } from './fax-format.js';
export { faxDocumentInfo, type FaxDocumentInfo, type FaxPageInfo, type PageResolution } from './fax-document-info.js';
export type { FaxImageComparison, PageComparison, PngPage, WrittenFax } from './render-protocol.js';
export { MAX_STATEMENT_TRANSACTIONS, maskAccountNumber, type StatementData, type StatementTransaction } from './statement-data.js';

export interface FaxOutputOptions {
  resolution: FaxResolution;
  /** Where the TIFF/F goes; written atomically (a temporary file, then a rename). */
  outPath: string;
}

export interface FaxDocumentsOptions {
  /** Noto Sans CJK from Debian's fonts-noto-cjk unless told otherwise. */
  fonts?: FontFiles;
  /** Most pages an upload may have. */
  maxPages?: number;
  /** Largest upload, in bytes. */
  maxInputBytes?: number;
  /** Time one render or conversion may take, in ms. */
  timeoutMs?: number;
}

export const DEFAULT_FONTS: FontFiles = {
  regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
};
export const DEFAULT_MAX_PAGES = 50;
export const DEFAULT_MAX_INPUT_BYTES = 30 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 120_000;

export class FaxDocuments {
  private readonly worker: RenderWorkerClient;
  private readonly fonts: FontFiles;
  private readonly maxPages: number;
  private readonly maxInputBytes: number;
  private readonly timeoutMs: number;

  constructor(options: FaxDocumentsOptions = {}) {
    this.fonts = options.fonts ?? DEFAULT_FONTS;
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.worker = new RenderWorkerClient({ timeoutMs: this.timeoutMs });
  }

  /** Process id of the render worker while one runs. */
  get workerPid(): number | undefined {
    return this.worker.pid;
  }

  async renderStatement(data: StatementData, options: FaxOutputOptions & { timeoutMs?: number }): Promise<WrittenFax> {
    checkOutput(options);
    const valid = validateStatementData(data);
    await this.checkFonts();
    return this.worker.request(
      { op: 'renderPlan', pages: layoutStatement(valid), fonts: this.fonts, resolution: options.resolution, outPath: options.outPath },
      options.timeoutMs ?? this.timeoutMs,
    );
  }

  async convertToFax(inputPath: string, options: FaxOutputOptions & { timeoutMs?: number }): Promise<WrittenFax> {
    checkOutput(options);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const head = await this.readHead(inputPath);
    const type = detectInputType(head);
    if (!type) {
      throw new FaxDocumentError(
        'fax_doc_unsupported',
        'This kind of file cannot be faxed. Upload a PDF, PNG, JPEG or TIFF file.',
      );
    }
    const compose = (sources: ImageSource[]) =>
      this.worker.request({ op: 'composeImages', sources, resolution: options.resolution, outPath: options.outPath }, timeoutMs);

    if (type === 'pdf') {
      const { pages } = await inspectPdf(inputPath, timeoutMs);
      this.checkPageCount(pages);
      const dir = await mkdtemp(join(tmpdir(), 'tellerline-fax-pdf-'));
      try {
        const files = await rasterisePdf(inputPath, pages, dir, timeoutMs);
        return await compose(files.map((path) => ({ path })));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    if (type === 'tiff') {
      const structure = readTiffStructure(await readFile(inputPath));
      this.checkPageCount(structure.length);
      return compose(
        structure.map((page) => ({
          path: inputPath,
          page: page.index,
          ...(page.xDpi && page.yDpi ? { xDpi: page.xDpi, yDpi: page.yDpi } : {}),
        })),
      );
    }
    return compose([{ path: inputPath }]);
  }

  async renderPagesToPng(tiffPath: string, outDir: string, options: { timeoutMs?: number } = {}): Promise<PngPage[]> {
    await mustExist(tiffPath);
    return this.worker.request({ op: 'renderPng', tiffPath, outDir }, options.timeoutMs ?? this.timeoutMs);
  }

  async compareFaxImages(a: string, b: string, options: { timeoutMs?: number } = {}): Promise<FaxImageComparison> {
    await Promise.all([mustExist(a), mustExist(b)]);
    return this.worker.request({ op: 'compare', a, b }, options.timeoutMs ?? this.timeoutMs);
  }

  faxDocumentInfo = faxDocumentInfo;

  /** Stops the render worker. Further calls fail. */
  close(): Promise<void> {
    return this.worker.close();
  }

  private async readHead(path: string): Promise<Buffer> {
    const size = await mustExist(path);
    if (size === 0) throw new FaxDocumentError('fax_doc_empty', 'The file is empty.');
    if (size > this.maxInputBytes) {
      throw new FaxDocumentError(
        'fax_doc_too_large',
        `The file is larger than ${Math.floor(this.maxInputBytes / (1024 * 1024))} MB and cannot be faxed.`,
      );
    }
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(Math.min(size, 1024));
      await handle.read(head, 0, head.length, 0);
      return head;
    } finally {
      await handle.close();
    }
  }

  private checkPageCount(pages: number): void {
    if (pages === 0) throw new FaxDocumentError('fax_doc_empty', 'The document has no pages.');
    if (pages > this.maxPages) {
      throw new FaxDocumentError(
        'fax_doc_too_many_pages',
        `The document has ${pages} pages; at most ${this.maxPages} pages can be faxed.`,
      );
    }
  }

  private async checkFonts(): Promise<void> {
    for (const path of [this.fonts.regular, this.fonts.bold]) {
      try {
        await stat(path);
      } catch {
        throw new FaxDocumentError(
          'fax_doc_render_failed',
          'The Chinese font for fax statements is not installed (Debian package fonts-noto-cjk).',
          path,
        );
      }
    }
  }
}

function checkOutput(options: FaxOutputOptions): void {
  if (!isFaxResolution(options.resolution)) {
    throw new FaxDocumentError('fax_doc_invalid_data', "The fax resolution must be 'standard' or 'fine'.");
  }
  if (typeof options.outPath !== 'string' || options.outPath === '') {
    throw new FaxDocumentError('fax_doc_invalid_data', 'No output file was given.');
  }
}

async function mustExist(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    return info.size;
  } catch {
    throw new FaxDocumentError('fax_doc_not_found', 'The file does not exist or cannot be opened.');
  }
}

let shared: FaxDocuments | undefined;

/** The process-wide instance the plain functions below use; created on first use. */
export function defaultFaxDocuments(): FaxDocuments {
  shared ??= new FaxDocuments();
  return shared;
}

/** Stops the shared render worker (server shutdown). */
export async function closeFaxDocuments(): Promise<void> {
  const instance = shared;
  shared = undefined;
  await instance?.close();
}

export function renderStatement(data: StatementData, options: FaxOutputOptions): Promise<WrittenFax> {
  return defaultFaxDocuments().renderStatement(data, options);
}

export function convertToFax(inputPath: string, options: FaxOutputOptions): Promise<WrittenFax> {
  return defaultFaxDocuments().convertToFax(inputPath, options);
}

export function renderPagesToPng(tiffPath: string, outDir: string): Promise<PngPage[]> {
  return defaultFaxDocuments().renderPagesToPng(tiffPath, outDir);
}

export function compareFaxImages(a: string, b: string): Promise<FaxImageComparison> {
  return defaultFaxDocuments().compareFaxImages(a, b);
}
