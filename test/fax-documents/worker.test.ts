import test from 'ava';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_FONTS, FaxDocuments, FaxDocumentError } from '../../src/fax/documents/index.js';
import { RenderWorkerClient } from '../../src/fax/documents/render-worker-client.js';
import { validateStatementData } from '../../src/fax/documents/statement-data.js';
import { layoutStatement } from '../../src/fax/documents/statement-layout.js';
import { execFileAsync, makeTempDir, sampleStatement } from './helpers/fixtures.js';

let dir = '';
let cleanup: () => Promise<void> = async () => undefined;

test.before(async () => {
  ({ dir, cleanup } = await makeTempDir('worker'));
});
test.after.always(async () => {
  await cleanup();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await sleep(50);
  return !alive(pid);
}

test('one worker is reused; after it is killed the next call starts a new one and works', async (t) => {
  const docs = new FaxDocuments();
  try {
    t.is(docs.workerPid, undefined, 'no worker until the first request');
    await docs.renderStatement(sampleStatement(3), { resolution: 'standard', outPath: join(dir, 'a.tif') });
    const first = docs.workerPid;
    t.truthy(first);
    await docs.renderStatement(sampleStatement(3), { resolution: 'standard', outPath: join(dir, 'b.tif') });
    t.is(docs.workerPid, first);

    process.kill(first!, 'SIGKILL');
    t.true(await waitUntilGone(first!));
    const written = await docs.renderStatement(sampleStatement(3), { resolution: 'standard', outPath: join(dir, 'c.tif') });
    t.is(written.pages, 1);
    t.not(docs.workerPid, first);
    t.true((await docs.compareFaxImages(join(dir, 'a.tif'), join(dir, 'c.tif'))).identical);
  } finally {
    await docs.close();
  }
});

test('a worker that dies during a request fails that request with fax_doc_worker_failed, and recovers', async (t) => {
  // The client itself, so that the request is on the pipe before the kill, in the same tick.
  const client = new RenderWorkerClient();
  const plan = (rows: number, name: string) =>
    ({
      op: 'renderPlan',
      pages: layoutStatement(validateStatementData(sampleStatement(rows))),
      fonts: DEFAULT_FONTS,
      resolution: 'fine',
      outPath: join(dir, name),
    }) as const;
  try {
    await client.request(plan(1, 'warm.tif'));
    const pid = client.pid!;
    const pending = client.request(plan(100, 'd.tif'));
    process.kill(pid, 'SIGKILL');
    const error = await t.throwsAsync(pending, { instanceOf: FaxDocumentError });
    t.is(error?.code, 'fax_doc_worker_failed');
    t.regex(error?.detail ?? '', /SIGKILL/);
    const written = await client.request(plan(100, 'e.tif'));
    t.is(written.pages, 3);
    t.not(client.pid, pid);
  } finally {
    await client.close();
  }
});

test('a request that outlives its timeout fails with fax_doc_timeout; the stuck worker is replaced', async (t) => {
  const docs = new FaxDocuments();
  try {
    await docs.renderStatement(sampleStatement(1), { resolution: 'fine', outPath: join(dir, 'warm2.tif') });
    const pid = docs.workerPid!;
    // 100 rows cannot render in 1 ms: the timeout is certain to fire first.
    const error = await t.throwsAsync(
      docs.renderStatement(sampleStatement(100), { resolution: 'fine', outPath: join(dir, 'f.tif'), timeoutMs: 1 }),
      { instanceOf: FaxDocumentError },
    );
    t.is(error?.code, 'fax_doc_timeout');
    t.true(await waitUntilGone(pid), 'the timed-out worker was killed');
    const written = await docs.renderStatement(sampleStatement(3), { resolution: 'fine', outPath: join(dir, 'g.tif') });
    t.is(written.pages, 1);
  } finally {
    await docs.close();
  }
});

test('requests made at once are queued and all answered', async (t) => {
  const docs = new FaxDocuments();
  try {
    const results = await Promise.all(
      [1, 40, 80, 3].map((rows, i) =>
        docs.renderStatement(sampleStatement(rows), { resolution: 'standard', outPath: join(dir, `q${i}.tif`) }),
      ),
    );
    t.deepEqual(
      results.map((r) => r.pages),
      [1, 2, 3, 1],
    );
  } finally {
    await docs.close();
  }
});

test('after close, calls fail and the worker is gone', async (t) => {
  const docs = new FaxDocuments();
  await docs.renderStatement(sampleStatement(1), { resolution: 'standard', outPath: join(dir, 'h.tif') });
  const pid = docs.workerPid!;
  await docs.close();
  t.true(await waitUntilGone(pid));
  const error = await t.throwsAsync(docs.renderStatement(sampleStatement(1), { resolution: 'standard', outPath: join(dir, 'i.tif') }));
  t.is((error as FaxDocumentError).code, 'fax_doc_worker_failed');
});

test('licence boundary: sharp is loaded in the worker, never in the server process; an idle worker lets the server exit', async (t) => {
  const script = fileURLToPath(new URL('./helpers/server-process.ts', import.meta.url));
  // The child must exit by itself (it never closes the API); the timeout only guards against a hang.
  const { stdout } = await execFileAsync(process.execPath, ['--import=tsx', script, dir], { timeout: 120_000 });
  const report = JSON.parse(stdout.trim()) as { serverLoadsSharp: boolean; workerLoadsSharp: boolean; workerPid: number };
  t.false(report.serverLoadsSharp);
  t.true(report.workerLoadsSharp, 'the check sees sharp where it is loaded');
  t.true(await waitUntilGone(report.workerPid), 'the worker ends with its server');
});

test('licence boundary, statically: nothing index.ts imports, directly or not, imports sharp or the worker modules', (t) => {
  const start = fileURLToPath(new URL('../../src/fax/documents/index.ts', import.meta.url));
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else bare.add(specifier);
    }
  };
  visit(start);
  t.false(bare.has('sharp'));
  t.deepEqual([...seen].filter((f) => f.includes('/worker/') || f.endsWith('render-worker.ts')), []);
  t.true(seen.size > 5, `walked ${seen.size} modules`);
});
