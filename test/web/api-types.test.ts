/**
 * The web application's typed client is generated from the server's OpenAPI document: this
 * fails when a route changed and web/src/api/schema.d.ts was not regenerated (npm run gen:api in
 * web/).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const webDir = fileURLToPath(new URL('../../web/', import.meta.url));
const installed = existsSync(`${webDir}node_modules/openapi-typescript`);

(installed ? test : test.skip)('web/src/api/schema.d.ts matches what the server serves', async (t) => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/gen-api.mjs', '--check'], { cwd: webDir, maxBuffer: 16 * 1024 * 1024 });
    t.regex(stdout, /matches the server/);
  } catch (err) {
    t.fail(`${(err as { stderr?: string }).stderr ?? String(err)}`);
  }
});
