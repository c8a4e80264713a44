/**
 * Reads one multipart/form-data upload (busboy) into a temporary file: exactly one file part,
 * plus small text fields. Limits are enforced while streaming, so an oversized upload is cut
 * off (413) rather than written to disk in full. The caller removes `dir` when done.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.js';

export interface ReceivedUpload {
  /** Temporary directory holding the file; remove it when done. */
  dir: string;
  path: string;
  /** The name the browser gave (for display only; never used as a path). */
  fileName: string | null;
  mimeType: string;
  size: number;
  fields: Record<string, string>;
}

export interface UploadLimits {
  maxBytes: number;
  /** Name of the file field. */
  fileField: string;
  maxFields?: number;
}

export async function receiveMultipartUpload(req: IncomingMessage, limits: UploadLimits): Promise<ReceivedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) throw new UnsupportedMediaTypeError('upload the file as multipart/form-data');
  let parser: busboy.Busboy;
  try {
    // Browsers send file names as raw UTF-8 (a Chinese "对账单.pdf"); busboy reads them as latin1 unless told.
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: limits.maxBytes, fields: limits.maxFields ?? 10, fieldSize: 1000, parts: (limits.maxFields ?? 10) + 1 } });
  } catch {
    throw new BadRequestError('malformed multipart/form-data request');
  }
  const dir = await mkdtemp(join(tmpdir(), 'tellerline-upload-'));
  const path = join(dir, 'upload');
  const fields: Record<string, string> = {};
  let fileName: string | null = null;
  let mimeType = 'application/octet-stream';
  let size = 0;
  let gotFile = false;
  let tooLarge = false;
  let writing: Promise<void> = Promise.resolve();
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        if (name !== limits.fileField || gotFile) {
          // A skipped part still gets busboy's "unexpected end of form" if the body is cut short:
          // the parser's own error answers the request; unheard here, it would crash the process.
          stream.on('error', () => undefined);
          stream.resume();
          return;
        }
        gotFile = true;
        fileName = info.filename ? info.filename.slice(0, 200) : null;
        mimeType = info.mimeType;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
        });
        stream.on('limit', () => {
          tooLarge = true;
        });
        writing = pipeline(stream, createWriteStream(path));
        writing.catch(reject);
      });
      parser.on('error', () => reject(new BadRequestError('malformed multipart/form-data request')));
      parser.on('close', () => resolve());
      req.on('aborted', () => reject(new BadRequestError('the upload was interrupted')));
      req.pipe(parser);
    });
    await writing;
    if (tooLarge) throw new PayloadTooLargeError(`the file is larger than ${Math.floor(limits.maxBytes / (1024 * 1024))} MB`);
    if (!gotFile) throw new BadRequestError(`no file in the form field "${limits.fileField}"`, 'no_file');
    return { dir, path, fileName, mimeType, size, fields };
  } catch (err) {
    req.unpipe(parser);
    req.resume();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
