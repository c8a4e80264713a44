/**
 * The simulator's admin endpoint, on its own port so it stays reachable while the core
 * pretends to be down.
 *
 *   GET    /health             { ok, today, ports }
 *   GET    /faults             current faults
 *   PUT    /faults             JSON patch, e.g. {"latencyMs":200} or {"down":"refuse"}
 *   DELETE /faults             back to healthy
 *   POST   /reset              rebuild the bank from the seed
 *   GET    /accounts/<number>  balance, status and number of transactions
 */
import http from 'node:http';
import { ZodError } from 'zod';
import type { FaultController } from './faults.js';
import type { SimulatedCore } from './simulated-core.js';
import { SuspendableListener } from './suspendable-listener.js';

export class AdminServer {
  readonly listener: SuspendableListener;

  constructor(
    core: SimulatedCore,
    faults: FaultController,
    host: string,
    ports: () => Record<string, number>,
    faultsApplied: () => Promise<void>,
  ) {
    const server = http.createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 16 * 1024) chunks.push(chunk);
      });
      req.on('end', () => {
        void (async () => {
          const path = (req.url ?? '').split('?')[0] ?? '';
          try {
            if (size > 16 * 1024) return send(413, { error: { code: 'TOO_LARGE', message: 'body over 16 KiB' } });
            if (path === '/health' && req.method === 'GET') return send(200, { ok: true, today: core.today, ports: ports() });
            if (path === '/faults' && req.method === 'GET') return send(200, faults.get());
            if (path === '/faults' && req.method === 'PUT') {
              const next = faults.set(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as never);
              await faultsApplied();
              return send(200, next);
            }
            if (path === '/faults' && req.method === 'DELETE') {
              const next = faults.clear();
              await faultsApplied();
              return send(200, next);
            }
            if (path === '/reset' && req.method === 'POST') {
              await core.reset();
              return send(200, { ok: true });
            }
            const account = /^\/accounts\/(\d{5,32})$/.exec(path);
            if (account && req.method === 'GET') {
              const view = core.inspectAccount(account[1] ?? '');
              if (!view) return send(404, { error: { code: 'NO_SUCH_ACCOUNT', message: 'no such account' } });
              return send(200, { balance: view.balance, status: view.status, transactions: view.transactions.length });
            }
            return send(404, { error: { code: 'NO_SUCH_ROUTE', message: `${req.method} ${path.slice(0, 100)}` } });
          } catch (error) {
            if (error instanceof SyntaxError) return send(400, { error: { code: 'BAD_JSON', message: 'body is not valid JSON' } });
            if (error instanceof ZodError) {
              return send(400, { error: { code: 'BAD_REQUEST', message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
            }
            return send(500, { error: { code: 'INTERNAL', message: 'internal error' } });
          }
        })();
      });
    });
    this.listener = new SuspendableListener(server, host);
  }
}
