/**
 * Property tests of the multipart upload reader behind the fax document upload: any
 * well-formed form comes through intact (file bytes, name, fields); any body, garbled or
 * random, is either read or refused with a DomainError (400, 413, 415), never anything else,
 * and a refused upload leaves no temporary file behind.
 */
import test from 'ava';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../src/http/domain-error.js';
import { statusOfKind } from '../../src/http/error-status.js';
import { receiveMultipartUpload } from '../../src/http/multipart-upload.js';
import { propertyRuns } from './runs.js';

// Uploads go under os.tmpdir(); give this process its own, so leftovers can be counted.
const uploadsDir = mkdtempSync(join(tmpdir(), 'tl-multipart-prop-'));
process.env['TMPDIR'] = uploadsDir;
const MAX_BYTES = 2000;

interface Answer {
  status: number;
  size?: number;
  content?: string;
  name?: string | null;
  fields?: Record<string, string>;
  error?: string;
}

let server: Server;
let url = '';
const unexpected: string[] = [];

test.before(async () => {
  server = createServer(async (req, res) => {
    let answer: Answer;
    try {
      const got = await receiveMultipartUpload(req, { maxBytes: MAX_BYTES, fileField: 'file' });
      const content = await readFile(got.path);
      await rm(got.dir, { recursive: true, force: true });
      answer = { status: 200, size: got.size, content: content.toString('base64'), name: got.fileName, fields: got.fields };
    } catch (err) {
      if (err instanceof DomainError) answer = { status: statusOfKind[err.kind], error: err.code };
      else {
        unexpected.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
        answer = { status: 500, error: String(err) };
      }
    }
    res.statusCode = answer.status;
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
test.after.always(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(uploadsDir, { recursive: true, force: true });
});

async function post(body: Uint8Array, contentType: string): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': contentType } });
  return (await res.json()) as Answer;
}

interface Form {
  boundary: string;
  fields: Array<[string, string]>;
  fileName: string;
  file: Uint8Array;
}

const token = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-'), minLength: 1, maxLength: 12 });
const form: fc.Arbitrary<Form> = fc.record({
  boundary: fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789-_'), minLength: 8, maxLength: 40 }),
  // Field names distinct and never "file"; values any text, Chinese included.
  fields: fc.uniqueArray(fc.tuple(token.filter((n) => n !== 'file'), fc.string({ unit: 'grapheme', maxLength: 40 })), { maxLength: 5, selector: ([name]) => name }),
  // Not "." or "..": busboy drops those as path parts, and the reader reports no file name.
  fileName: fc.string({ unit: fc.constantFrom(...'abcXYZ019._-报表传真'), minLength: 1, maxLength: 30 }).filter((n) => !/^\.+$/.test(n)),
  file: fc.uint8Array({ maxLength: MAX_BYTES }),
});

function encode(f: Form): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of f.fields) {
    parts.push(Buffer.from(`--${f.boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${f.boundary}\r\ncontent-disposition: form-data; name="file"; filename="${f.fileName}"\r\ncontent-type: application/octet-stream\r\n\r\n`));
  parts.push(Buffer.from(f.file), Buffer.from(`\r\n--${f.boundary}--\r\n`));
  return Buffer.concat(parts);
}

const leftovers = () => readdirSync(uploadsDir).filter((n) => n.startsWith('tellerline-upload-'));

test.serial('any well-formed form comes through intact', async (t) => {
  await fc.assert(
    fc.asyncProperty(form, async (f) => {
      // Values may hold CR/LF-free text only in a part body; a boundary inside a value would end it.
      fc.pre(f.fields.every(([, v]) => !v.includes(f.boundary) && !v.includes('\r') && !v.includes('\n')));
      fc.pre(!Buffer.from(f.file).includes(`--${f.boundary}`));
      const got = await post(encode(f), `multipart/form-data; boundary=${f.boundary}`);
      if (got.status !== 200) throw new Error(`status ${got.status} (${got.error})`);
      if (got.content !== Buffer.from(f.file).toString('base64') || got.size !== f.file.length || got.name !== f.fileName) throw new Error('file changed');
      if (JSON.stringify(got.fields) !== JSON.stringify(Object.fromEntries(f.fields))) throw new Error(`fields changed: ${JSON.stringify(got.fields)}`);
    }),
    propertyRuns(60),
  );
  t.deepEqual(leftovers(), []);
});

/** A well-formed form with some bytes changed, cut short or with junk appended; or random bytes. */
const garbled = fc.oneof(
  fc.tuple(form, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }), fc.uint8Array({ maxLength: 20 }))
    .map(([f, edits, cut, junk]) => {
      const body = encode(f);
      for (const [at, byte] of edits) body[at % body.length] = byte;
      return { boundary: f.boundary, body: Buffer.concat([cut === undefined ? body : body.subarray(0, cut % (body.length + 1)), Buffer.from(junk)]) };
    }),
  fc.tuple(token, fc.uint8Array({ maxLength: 400 })).map(([boundary, bytes]) => ({ boundary, body: Buffer.from(bytes) })),
);
const contentTypes = (boundary: string) => fc.constantFrom(
  `multipart/form-data; boundary=${boundary}`,
  'multipart/form-data',
  'multipart/form-data; boundary=',
  `multipart/form-data; boundary="${boundary}`,
  'multipart/mixed; boundary=x',
  'application/json',
  'text/plain; charset=gb18030',
);

test.serial('a cut-short body whose open part is a file the reader skips is refused, and the process lives on', async (t) => {
  const boundary = 'RegressionBoundary42';
  const body = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="other"; filename="x.bin"\r\n\r\nsome bytes and then noth`);
  const got = await post(body, `multipart/form-data; boundary=${boundary}`);
  t.is(got.status, 400);
  t.deepEqual(unexpected, []);
  t.deepEqual(leftovers(), []);
});

test.serial('any body is read or refused with 400, 413 or 415, and a refusal leaves no temporary file', async (t) => {
  const statuses = new Set<number>();
  await fc.assert(
    fc.asyncProperty(garbled.chain((g) => contentTypes(g.boundary).map((type) => ({ ...g, type }))), async ({ body, type }) => {
      const got = await post(body, type);
      statuses.add(got.status);
      if (![200, 400, 413, 415].includes(got.status)) throw new Error(`status ${got.status}: ${got.error}; ${unexpected.at(-1) ?? ''}`);
      if (leftovers().length > 0) throw new Error(`temporary files left: ${leftovers().join(', ')}`);
    }),
    propertyRuns(200),
  );
  t.deepEqual(unexpected, []);
  t.log(`statuses seen: ${[...statuses].sort().join(', ')}`);
  // Positive control: the garbling did reach the parser's refusals, not only the content-type check.
  t.true(statuses.has(400), 'some bodies were refused as malformed');
});
