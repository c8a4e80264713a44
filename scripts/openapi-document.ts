/**
 * Prints the server's OpenAPI document (the one served at /api/v1/openapi.json) without a
 * running server: it assembles the server with every product module on a throw-away SQLite
 * file, reads the route registry, and stops before anything listens or a card opens.
 *
 *   node --import=tsx scripts/openapi-document.ts > web/openapi.json
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createServer, VERSION } from '../src/server.js';
import { productModules } from '../src/modules.js';
import { buildOpenApi } from '../src/http/openapi.js';

const dir = mkdtempSync(join(tmpdir(), 'tellerline-openapi-'));
try {
  const server = await createServer({
    config: {
      database: { client: 'sqlite', sqlite: { filename: join(dir, 'openapi.sqlite') } },
      data: { dir: join(dir, 'data') },
      coreSim: { enabled: false },
      security: { scryptLog2N: 10 },
    },
    logger: pino({ level: 'silent' }),
    modules: productModules(),
  });
  const doc = buildOpenApi(server.services.routes.list(), { title: 'Tellerline API', version: VERSION });
  await server.stop(1000);
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
