/**
 * Fax-on-demand documents: the bank uploads a PDF or an image, it is converted to a TIFF/F at
 * once (so a caller never waits for a conversion, and a file that cannot be faxed is refused
 * at upload with the document layer's own message), stored under documents/, listed and
 * deleted. The IVR's fax-on-demand menu names a document by its code (e.g. "deposit-rates").
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { PngPage, WrittenFax } from './documents/index.js';
import { detectInputType } from './documents/input-type.js';
import type { FaxFiles } from './fax-files.js';
import type { FaxSettings } from './fax-settings.js';
import { faxDocumentRepo, type FaxOnDemandDocument } from './store/fax-document-repo.js';
import { FaxError } from './fax-errors.js';

export interface DocumentConverter {
  convertToFax(inputPath: string, options: { resolution: 'standard' | 'fine'; outPath: string }): Promise<WrittenFax>;
  renderPagesToPng(tiffPath: string, outDir: string): Promise<PngPage[]>;
}

export interface NewDocument {
  tenantId: string;
  code: string;
  title: string;
  originalName: string | null;
  /** The uploaded file (a temporary file; the caller removes it). */
  path: string;
  createdBy: string | null;
  resolution?: 'standard' | 'fine';
}

export class DocumentCodeTakenError extends FaxError {
  constructor(code: string) {
    super('fax_document_code_taken', `a fax-on-demand document with the code "${code}" already exists`);
  }
}

export class FaxOnDemand {
  constructor(private readonly deps: { files: FaxFiles; converter: DocumentConverter; settings: FaxSettings; now(): Date }) {}

  /** Converts and stores an upload; throws the document layer's FaxDocumentError (cannot be faxed) or DocumentCodeTakenError. */
  async add(db: Knex, input: NewDocument): Promise<FaxOnDemandDocument> {
    if (await faxDocumentRepo.find(db, input.tenantId, input.code)) throw new DocumentCodeTakenError(input.code);
    const { size } = await stat(input.path);
    const type = detectInputType(await readHead(input.path));
    const id = randomUUID();
    const file = this.deps.files.document(input.tenantId, id);
    const resolution = input.resolution ?? this.deps.settings.resolution;
    const out = await this.deps.files.prepare(file);
    let written: WrittenFax;
    try {
      written = await this.deps.converter.convertToFax(input.path, { resolution, outPath: out });
    } catch (err) {
      await rm(out, { force: true });
      throw err;
    }
    const doc: FaxOnDemandDocument = {
      id,
      tenantId: input.tenantId,
      code: input.code,
      title: input.title,
      originalName: input.originalName,
      // convertToFax accepted it, so its bytes said what it is (it refuses what they do not).
      originalType: type ?? 'unknown',
      originalBytes: size,
      resolution,
      pages: written.pages,
      tiffBytes: written.bytes,
      file,
      createdBy: input.createdBy,
      createdAt: this.deps.now().toISOString(),
    };
    try {
      await faxDocumentRepo.insert(db, doc);
    } catch (err) {
      await rm(out, { force: true });
      throw err;
    }
    return doc;
  }

  /** Removes the row (in `db`, the request's transaction) and then the files. */
  async remove(db: Knex, doc: FaxOnDemandDocument): Promise<void> {
    await faxDocumentRepo.delete(db, doc.tenantId, doc.id);
    await rm(this.deps.files.abs(doc.file), { force: true });
    await rm(this.previewDir(doc), { recursive: true, force: true });
  }

  /** Page `page` (1-based) as PNG, drawn on first request and kept next to the document. */
  async previewPage(doc: FaxOnDemandDocument, page: number): Promise<string | undefined> {
    if (page < 1 || page > doc.pages) return undefined;
    const dir = this.previewDir(doc);
    let names = await readdir(dir).catch(() => [] as string[]);
    if (names.filter((n) => n.endsWith('.png')).length !== doc.pages) {
      await mkdir(dir, { recursive: true });
      await this.deps.converter.renderPagesToPng(this.deps.files.abs(doc.file), dir);
      names = await readdir(dir);
    }
    const pngs = names.filter((n) => n.endsWith('.png')).sort();
    const name = pngs[page - 1];
    return name ? `${dir}/${name}` : undefined;
  }

  private previewDir(doc: FaxOnDemandDocument): string {
    return `${this.deps.files.abs(doc.file)}.pages`;
  }
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
