/**
 * createServer + listen(0): /healthz, /readyz, /metrics; the collector hook; readiness failing
 * with reasons; graceful shutdown through the lifecycle phases.
 */
import test from 'ava';
import { Gauge } from 'prom-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, quietLogger } from '../helpers/server.js';
import { sqliteConfig } from '../helpers/backends.js';
import { createServer } from '../../src/server.js';

test('createServer + listen(0) serves /healthz, /readyz and /metrics', async (t) => {
  const ts = await startTestServer();
  try {
    t.true(/^http:\/\/127\.0\.0\.1:\d+$/.test(ts.url));
    const health = await fetch(`${ts.url}/healthz`);
    t.is(health.status, 200);
    t.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${ts.url}/readyz`);
    t.is(ready.status, 200);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    t.is(body.status, 'ready');
    t.true(body.checks['store']!.ok);
    const metrics = await fetch(`${ts.url}/metrics`);
    t.is(metrics.status, 200);
    t.regex(metrics.headers.get('content-type') ?? '', /text\/plain/);
    const text = await metrics.text();
    t.regex(text, /tellerline_http_requests_total\{method="GET",route="\/healthz"|tellerline_http_requests_total/);
    t.regex(text, /tellerline_records_journal_backlog 0/);
    t.regex(text, /tellerline_process_cpu_user_seconds_total/);
  } finally {
    await ts.close();
  }
});

test('other layers add metrics through the registry and pre-scrape collectors', async (t) => {
  const ts = await startTestServer();
  try {
    const { metrics } = ts.server.services;
    const channels = new Gauge({ name: 'tellerline_channels_busy', help: 'busy B-channels', registers: [metrics.registry] });
    let busy = 7;
    metrics.registerCollector('engine', () => {
      channels.set(busy);
    });
    t.throws(() => metrics.registerCollector('engine', () => undefined), { message: /already registered/ });
    t.regex(await (await fetch(`${ts.url}/metrics`)).text(), /tellerline_channels_busy 7/);
    busy = 9;
    t.regex(await (await fetch(`${ts.url}/metrics`)).text(), /tellerline_channels_busy 9/);
    metrics.registerCollector('broken', () => {
      throw new Error('collector failure');
    });
    t.is((await fetch(`${ts.url}/metrics`)).status, 200, 'a failing collector does not break /metrics');
  } finally {
    await ts.close();
  }
});

test('/readyz answers 503 with the reasons when a service is not ready', async (t) => {
  const ts = await startTestServer();
  try {
    let cardUp = false;
    ts.server.services.readiness.register('card', () => (cardUp ? null : 'span 1 is in red alarm'));
    const res = await fetch(`${ts.url}/readyz`);
    t.is(res.status, 503);
    const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean; reason?: string }> };
    t.is(body.status, 'not_ready');
    t.deepEqual(body.checks['card'], { ok: false, reason: 'span 1 is in red alarm' });
    cardUp = true;
    t.is((await fetch(`${ts.url}/readyz`)).status, 200);
  } finally {
    await ts.close();
  }
});

test('graceful shutdown runs the phases in order: intake, drain, hardware, flush, close', async (t) => {
  const ts = await startTestServer();
  const order: string[] = [];
  const { lifecycle } = ts.server.services;
  let callsUp = 2;
  lifecycle.register({ name: 'telephony-intake', phase: 'intake', stop: () => void order.push('stop taking calls') });
  lifecycle.register({
    name: 'calls',
    phase: 'drain',
    stop: async ({ deadline, signal }) => {
      t.true(deadline > Date.now());
      t.false(signal.aborted);
      // Calls end by themselves a little later.
      while (callsUp > 0) {
        await new Promise((r) => setTimeout(r, 10));
        callsUp--;
      }
      order.push('calls finished');
    },
  });
  lifecycle.register({ name: 'card', phase: 'hardware', stop: () => void order.push('card closed') });
  lifecycle.register({ name: 'late-records', phase: 'flush', stop: () => void order.push('records flushed') });
  await ts.close();
  t.deepEqual(order, ['stop taking calls', 'calls finished', 'card closed', 'records flushed']);
  t.true(lifecycle.shuttingDown);
  t.is(lifecycle.status, 'stopped');
});

test('a drain hook that overruns the deadline is left behind and shutdown completes', async (t) => {
  const ts = await startTestServer();
  let aborted = false;
  ts.server.services.lifecycle.register({
    name: 'stuck-call',
    phase: 'drain',
    stop: ({ signal }) =>
      new Promise<void>((resolveStop) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          resolveStop();
        });
      }),
  });
  await ts.server.stop(300);
  t.true(aborted, 'the hook saw the deadline signal');
  t.is(ts.server.services.lifecycle.status, 'stopped');
  await ts.close();
});

test('modules plug in at createServer; their start hooks run before the first listener', async (t) => {
  const order: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tellerline-mod-'));
  const server = await createServer({
    config: { database: sqliteConfig(`${dir}/db.sqlite`), data: { dir: `${dir}/data` } },
    logger: quietLogger(),
    modules: [
      (services) => {
        order.push('module');
        services.lifecycle.register({ name: 'card', phase: 'hardware', start: () => void order.push('card started'), stop: () => void order.push('card closed') });
      },
    ],
  });
  t.deepEqual(order, ['module']);
  const listening = await server.listen(0, '127.0.0.1');
  t.deepEqual(order, ['module', 'card started']);
  await server.stop(1000);
  await listening.close();
  t.deepEqual(order, ['module', 'card started', 'card closed']);
  rmSync(dir, { recursive: true, force: true });
});
