/**
 * PDF uploads, with poppler-utils (separate processes, so no licence question and no
 * load on the server's event loop): pdfinfo to count pages and detect encryption,
 * pdftoppm to rasterise every page to greyscale PNG for the render worker.
 */

import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CANVAS_HEIGHT_PX } from './fax-format.js';
import { FaxDocumentError } from './errors.js';

export interface PdfSummary {
  pages: number;
}

interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(tool: string, args: string[], timeoutMs: number): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new FaxDocumentError('fax_doc_render_failed', 'PDF support is not installed on the server (poppler-utils).', `${tool} not found`));
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, timedOut: Boolean(error?.killed) });
      },
    );
  });
}

function timedOut(): FaxDocumentError {
  return new FaxDocumentError('fax_doc_timeout', 'Reading the PDF took too long and was stopped.');
}

/** Page count of a PDF, or the error an administrator should see. */
export async function inspectPdf(path: string, timeoutMs: number): Promise<PdfSummary> {
  const result = await run('pdfinfo', [path], timeoutMs);
  if (result.timedOut) throw timedOut();
  const detail = result.stderr.trim();
  if (/incorrect password/i.test(detail)) {
    throw new FaxDocumentError('fax_doc_encrypted', 'The PDF is password-protected. Upload a copy without a password.', detail);
  }
  if (/invalid page count 0/i.test(detail)) {
    throw new FaxDocumentError('fax_doc_empty', 'The PDF has no pages.', detail);
  }
  if (result.code !== 0) {
    throw new FaxDocumentError('fax_doc_corrupt', 'The PDF is damaged and cannot be read.', detail);
  }
  const pages = Number(/^Pages:\s+(\d+)/m.exec(result.stdout)?.[1] ?? Number.NaN);
  if (!Number.isInteger(pages)) {
    throw new FaxDocumentError('fax_doc_corrupt', 'The PDF is damaged and cannot be read.', 'pdfinfo printed no page count');
  }
  if (pages === 0) throw new FaxDocumentError('fax_doc_empty', 'The PDF has no pages.');
  // Owner-password PDFs open without a password; honour a "no printing" restriction,
  // since faxing a document is printing it at the far end.
  if (/^Encrypted:\s+yes.*print:no/m.test(result.stdout)) {
    throw new FaxDocumentError('fax_doc_encrypted', 'The PDF does not allow printing, so it cannot be faxed.');
  }
  return { pages };
}

/**
 * Renders pages 1..pages to greyscale PNGs in outDir and returns their paths in page
 * order. The long side of each page is scaled to the A4 length at 204 dpi, so an A4
 * page comes out at the fax's own density and any page size is bounded.
 */
export async function rasterisePdf(path: string, pages: number, outDir: string, timeoutMs: number): Promise<string[]> {
  const prefix = join(outDir, 'page');
  const result = await run(
    'pdftoppm',
    ['-gray', '-png', '-scale-to', String(CANVAS_HEIGHT_PX), '-f', '1', '-l', String(pages), path, prefix],
    timeoutMs,
  );
  if (result.timedOut) throw timedOut();
  if (result.code !== 0) {
    throw new FaxDocumentError('fax_doc_corrupt', 'The PDF is damaged and cannot be read.', result.stderr.trim());
  }
  const files = (await readdir(outDir))
    .map((name) => ({ name, page: Number(/^page-(\d+)\.png$/.exec(name)?.[1]) }))
    .filter((f) => Number.isInteger(f.page))
    .sort((a, b) => a.page - b.page)
    .map((f) => join(outDir, f.name));
  if (files.length !== pages) {
    throw new FaxDocumentError('fax_doc_corrupt', 'Some pages of the PDF could not be read.', `${files.length} of ${pages} pages rendered`);
  }
  return files;
}
