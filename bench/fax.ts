/**
 * Fax benchmark: N faxes at once through the product, in real time, on the virtual card.
 *
 * The server runs telephony on a virtual card with two E1 trunk spans (60 B-channels) on the
 * real-time clock, and the fax module. N outbound fax jobs are queued at once to N numbers of
 * the simulated network, each a fax machine (spandsp) receiving into its own file; every job
 * sends the same multi-page document. At the end every received page is compared, pixel for
 * pixel, with the document sent.
 *
 * Both ends of every fax run in this process (the bank's N sessions and the simulated
 * network's N machines: 2N T.30 sessions), on the engine's clock and DSP threads; cpu_pct is
 * this process's CPU time (user + system) over the wall time of the run, in percent of one
 * core, from the first dial to the last fax stored.
 *
 * Last line:  fax: concurrent=<N> pages_ok=<P> pages_failed=<F> cpu_pct=<C>
 *
 *   node --import=tsx bench/fax.ts           env FAX_BENCH_N (default 60), FAX_BENCH_PAGES (default 2),
 *                                            FAX_BENCH_DSP_THREADS (default 1)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createServer } from '../src/server.js';
import { telephonyModule } from '../src/telephony/module.js';
import { faxModule } from '../src/fax/module.js';
import { FaxDocuments } from '../src/fax/documents/index.js';
import { faxJobRepo, type FaxJob } from '../src/fax/store/fax-job-repo.js';
import { DEFAULT_BANK_TENANT_ID } from '../src/tenants/default-bank.js';
import { filter, firstValueFrom } from 'rxjs';

const N = Number(process.env['FAX_BENCH_N'] ?? 60);
const PAGES = Number(process.env['FAX_BENCH_PAGES'] ?? 2);
const DSP_THREADS = Number(process.env['FAX_BENCH_DSP_THREADS'] ?? 1);
const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));

const dir = await mkdtemp(join(tmpdir(), 'tl-fax-bench-'));
const documents = new FaxDocuments();
const server = await createServer({
  config: {
    server: { host: '127.0.0.1', port: 0 },
    database: { client: 'sqlite', sqlite: { filename: join(dir, 'bench.sqlite') } },
    data: { dir: join(dir, 'data') },
    log: { level: 'warn' },
    card: { kind: 'virtual', clock: 'realtime', trunks: 2, stations: 0, dspThreads: DSP_THREADS },
    sim: { enabled: false },
    coreSim: { enabled: false },
    telephony: { promptsDir: join(REPO, 'var', 'prompts') },
  },
  logger: pino({ level: 'warn' }),
  modules: [telephonyModule(), faxModule({ documents, settings: { jobs: { maxConcurrent: N, maxAttempts: 1, ringTimeoutMs: 30_000 } } })],
});

try {
  await server.services.lifecycle.start();
  const services = server.services;
  const telephony = services.telephony!;
  await Promise.all(telephony.card.spans.filter((s) => s.signaling !== 'none').map((s) => firstValueFrom(s.dchannel$.pipe(filter(Boolean)))));
  const fax = services.fax!;

  // The document: a statement of PAGES full pages (36 rows a page), converted like an upload.
  const rows = Math.max(1, PAGES * 36 - 4);
  const statement = join(dir, 'statement.tiff');
  await documents.renderStatement(
    {
      bankName: '示例银行 Example Bank',
      customerName: '王芳',
      accountNumber: '6222020000000001',
      period: { from: '2026-01-01', to: '2026-03-31' },
      statementDate: '2026-04-01',
      transactions: Array.from({ length: rows }, (_, i) => ({
        date: `2026-0${1 + Math.floor(i / 31) % 3}-${String(1 + (i % 28)).padStart(2, '0')}`,
        description: i % 3 ? `转账 Transfer ${i}` : `工资 Salary ${i}`,
        amount: (i % 3 ? -1 : 1) * (1000 + i * 137),
        balance: 5_000_000 + i * 1000,
      })),
    },
    { resolution: 'fine', outPath: statement },
  );
  const doc = await fax.onDemand.add(services.store.knex, { tenantId: DEFAULT_BANK_TENANT_ID, code: 'bench', title: 'bench', originalName: null, path: statement, createdBy: null });
  const sent = fax.files.abs(doc.file);

  const network = services.sim!.network;
  const numbers = Array.from({ length: N }, (_, i) => `6600${String(i).padStart(4, '0')}`);
  for (const number of numbers) network.setLine(number, { kind: 'fax', ringMs: 500, receiveInto: join(dir, `${number}.tiff`) });

  const startCpu = process.cpuUsage();
  const startWall = process.hrtime.bigint();
  const statsBefore = telephony.card.stats();
  const queued = await Promise.all(numbers.map((number) => fax.port.queueJob({ tenantId: DEFAULT_BANK_TENANT_ID, legId: null, document: { kind: 'document', documentId: 'bench' }, number })));
  const ids = queued.map((q) => (q.kind === 'queued' ? q.jobId : ''));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, fax.service.activeCount());
  }, 200);
  const jobs: FaxJob[] = [];
  for (const id of ids) {
    for (;;) {
      const job = id ? await faxJobRepo.get(services.store.knex, id) : undefined;
      if (!job || job.status === 'sent' || job.status === 'failed') {
        if (job) jobs.push(job);
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  clearInterval(sampler);
  const wallS = Number(process.hrtime.bigint() - startWall) / 1e9;
  const cpu = process.cpuUsage(startCpu);
  const cpuPct = ((cpu.user + cpu.system) / 1e6 / wallS) * 100;
  const statsAfter = telephony.card.stats();

  let pagesOk = 0;
  let pagesFailed = 0;
  for (const number of numbers) {
    const job = jobs.find((j) => j.number === number);
    if (!job || job.status !== 'sent') {
      pagesFailed += doc.pages;
      continue;
    }
    const cmp = await documents.compareFaxImages(sent, join(dir, `${number}.tiff`)).catch(() => undefined);
    const good = cmp ? cmp.pages.filter((p) => p.differingPixels === 0 && p.sameSize).length : 0;
    pagesOk += good;
    pagesFailed += doc.pages - good;
  }
  const outcomes = new Map<string, number>();
  for (const j of jobs) outcomes.set(`${j.status}/${j.lastOutcome}`, (outcomes.get(`${j.status}/${j.lastOutcome}`) ?? 0) + 1);
  console.log(`# document: ${doc.pages} pages at 204x196 dpi; ${N} jobs; peak faxes in progress ${peak}; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`);
  console.log(`# wall ${wallS.toFixed(1)} s; cpu user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s (both ends: ${2 * N} T.30 sessions); dsp threads ${DSP_THREADS}`);
  console.log(`# engine: missed deadlines ${statsAfter.missedDeadlines - statsBefore.missedDeadlines}, overruns ${statsAfter.overruns - statsBefore.overruns}, events dropped ${statsAfter.eventsDropped - statsBefore.eventsDropped}`);
  console.log(`fax: concurrent=${Math.min(peak, N)} pages_ok=${pagesOk} pages_failed=${pagesFailed} cpu_pct=${cpuPct.toFixed(1)}`);
} finally {
  await server.stop(5000);
  await documents.close();
  await rm(dir, { recursive: true, force: true });
}
