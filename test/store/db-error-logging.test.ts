/**
 * A logged database error never carries the values bound to its statement: the message keeps
 * the statement with `?`, and a driver's `sql` field (values filled in) is redacted.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnex } from '../../src/store/knex.js';
import { capturingLogger } from '../helpers/server.js';

const CANARY = 'Canary-Bound-Value-7781';

test('a failing statement is logged without its bound values', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-dberr-'));
  const knex = createKnex({ client: 'sqlite', sqlite: { filename: join(dir, 'x.sqlite') }, acquireTimeoutMs: 5000 } as never);
  try {
    await knex.schema.createTable('t', (tb) => tb.string('v').primary());
    await knex('t').insert({ v: CANARY });
    const err = (await knex('t').insert({ v: CANARY }).then(() => undefined, (e: Error) => e))!;
    t.truthy(err, 'the duplicate is refused');
    t.false(err.message.includes(CANARY), err.message);
    t.regex(err.message, /insert into `t` \(`v`\) values \(\?\)/);
    const lines: string[] = [];
    const logger = capturingLogger(lines);
    logger.error({ err }, 'write failed');
    // A driver error with the statement filled in (as mysql2 gives it).
    logger.error({ err: Object.assign(new Error('Duplicate entry'), { sql: `insert into t (v) values ('${CANARY}')`, code: 'ER_DUP_ENTRY' }) }, 'write failed');
    await new Promise((r) => setImmediate(r));
    t.is(lines.length, 2);
    for (const line of lines) t.false(line.includes(CANARY), line);
  } finally {
    await knex.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
