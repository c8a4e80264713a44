/**
 * Where fax files live, under <data.dir>/faxes (dataPaths().faxes):
 *
 *   <tenant>/received/<faxId>/fax.tiff, page-1.png ...   faxes received, with their PNG pages
 *   <tenant>/sent/<uuid>.tiff                            documents sent to a caller on the call
 *   <tenant>/jobs/<jobId>.tiff                           what an outbound job sends (its own copy)
 *   <tenant>/documents/<documentId>.tiff                 fax-on-demand documents
 *
 * Rows store paths relative to the root, so the data directory can move.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';

export class FaxFiles {
  /** Absolute. */
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  received(tenantId: string, faxId: string): { dir: string; tiff: string } {
    const dir = join(tenantId, 'received', faxId);
    return { dir, tiff: join(dir, 'fax.tiff') };
  }

  sent(tenantId: string, id: string): string {
    return join(tenantId, 'sent', `${id}.tiff`);
  }

  job(tenantId: string, jobId: string): string {
    return join(tenantId, 'jobs', `${jobId}.tiff`);
  }

  document(tenantId: string, documentId: string): string {
    return join(tenantId, 'documents', `${documentId}.tiff`);
  }

  /** The absolute path of a stored relative path; refuses anything that would leave the root. */
  abs(relative: string): string {
    const clean = normalize(relative);
    if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`)) throw new Error('fax file path outside the fax directory');
    return join(this.root, clean);
  }

  /**
   * Whether the retention sweep may delete this file: faxes received or sent and jobs' copies,
   * never a fax-on-demand document (a fax sent to a caller may point at one).
   */
  purgeable(relative: string): boolean {
    const parts = normalize(relative).split(sep);
    return parts.length >= 3 && (parts[1] === 'received' || parts[1] === 'sent' || parts[1] === 'jobs');
  }

  /** Makes the directory that will hold `relative` (a file path). */
  async prepare(relative: string): Promise<string> {
    const abs = this.abs(relative);
    await mkdir(dirname(abs), { recursive: true });
    return abs;
  }
}
