/**
 * The web application's first load: the log-in page's JavaScript (gzip, as a compressing proxy
 * or a later gzip middleware would send it) and the time from navigation to a usable log-in form
 * in headless Chromium on loopback, cold (a fresh browser context each time), median of 5.
 *
 *   web: initial_js_gzip_kb=<K> first_load_ms=<T>      targets: K <= 300, T <= 1500
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { createServer } from '../src/server.js';
import { browserSkipReason, CHROMIUM, WEB_DIST } from '../test/helpers/browser.js';

const skip = browserSkipReason();
if (skip) {
  console.log(`web: skipped (${skip})`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'tellerline-bench-web-'));
const server = await createServer({
  config: { database: { client: 'sqlite', sqlite: { filename: join(dir, 'db.sqlite') } }, data: { dir: join(dir, 'data') }, server: { webDir: WEB_DIST }, log: { level: 'warn' } },
  logger: pino({ level: 'silent' }),
});
const listening = await server.listen(0, '127.0.0.1');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });

const times: number[] = [];
let jsGzipBytes = 0;
try {
  for (let run = 0; run < 5; run++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const scripts: Array<Promise<number>> = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.body().then((b) => gzipSync(b).length));
    });
    await page.goto(`${listening.url}/`);
    // performance.now() counts from the navigation's start; checked every animation frame.
    // (A function, not a string: the page's CSP forbids eval.)
    const ms = Number(
      await (
        await page.waitForFunction(() => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): { disabled: boolean } | null } }).document;
          const input = doc.querySelector('#username');
          return input && !input.disabled ? performance.now() : 0;
        })
      ).jsonValue(),
    );
    times.push(ms);
    jsGzipBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    await context.close();
  }
} finally {
  await browser.close();
  await listening.close();
  await server.stop(1000);
  rmSync(dir, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? NaN;
console.log(`load times ms: ${times.map((t) => t.toFixed(0)).join(' ')}`);
console.log(`web: initial_js_gzip_kb=${(jsGzipBytes / 1024).toFixed(0)} first_load_ms=${median.toFixed(0)}`);
