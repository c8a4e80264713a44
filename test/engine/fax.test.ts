import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeFaxDocuments, compareFaxImages, renderStatement } from '../../src/fax/documents/index.js';
import { openPair, testCard } from '../helpers/card.js';
import { codeOf } from '../helpers/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-fax-'));
const document = join(dir, 'statement.tiff');
test.before(async () => {
  const transactions = Array.from({ length: 80 }, (_, i) => ({
    date: `2026-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    description: i % 3 ? `转账 Transfer ${i}` : `工资 Salary ${i}`,
    amount: (i % 3 ? -1 : 1) * (1000 + i * 137),
    balance: 5_000_000 + i * 1000,
  }));
  const written = await renderStatement(
    { bankName: '示例银行', customerName: '张伟', accountNumber: '6222020000000001', period: { from: '2026-01-01', to: '2026-03-31' }, transactions },
    { resolution: 'fine', outPath: document },
  );
  if (written.pages < 3) throw new Error(`expected a multi-page statement, got ${written.pages}`);
});
test.after.always(async () => {
  await closeFaxDocuments();
  rmSync(dir, { recursive: true, force: true });
});

for (const ecm of [true, false]) {
  test(`a ${ecm ? 'ECM' : 'non-ECM'} fax crosses the virtual cable: every page arrives, pixel for pixel`, async (t) => {
    const card = testCard();
    try {
      const [near, far] = await openPair(card, 4);
      const received = join(dir, `received-${ecm}.tiff`);
      const phases: string[] = [];
      near.events$.subscribe((e) => {
        if (e.type === 'faxPhase') phases.push(e.phase);
      });
      const [sent, got] = await Promise.all([
        near.fax({ mode: 'send', file: document, calling: true, ecm, maxBitRate: 9600, ident: '+86 10 95588' }),
        far.fax({ mode: 'receive', file: received, calling: false, ecm, maxBitRate: 9600, ident: 'CUSTOMER' }),
      ]);
      t.true(sent.success, `${sent.code} ${sent.text}`);
      t.true(got.success, `${got.code} ${got.text}`);
      t.is(sent.pages, sent.pagesInDocument);
      t.is(got.pages, sent.pages);
      t.is(got.ecm, ecm);
      t.is(got.remoteIdent, '+86 10 95588');
      t.is(sent.remoteIdent, 'CUSTOMER');
      t.is(got.yRes, 196);
      t.true(phases.includes('b') && phases.includes('page') && phases.includes('e'));
      const cmp = await compareFaxImages(document, received);
      t.true(cmp.identical, JSON.stringify(cmp.pages));
      // The channel is an ordinary channel again.
      t.is((await near.sendDtmf('1').then(() => 'ok')), 'ok');
    } finally {
      await card.close();
    }
  });
}

test('fax failures end with a T.30 result, never a stuck channel', async (t) => {
  const card = testCard();
  try {
    const [near, far] = await openPair(card, 5);
    // Nobody answers with a fax: the caller gives up by T.30's rules.
    const silent = await near.fax({ mode: 'send', file: document, calling: true });
    t.false(silent.success);
    t.truthy(silent.text);
    // The far end goes away in the middle: stopFax on the receiver.
    const sending = near.fax({ mode: 'send', file: document, calling: true, maxBitRate: 9600 });
    const receiving = far.fax({ mode: 'receive', file: join(dir, 'cut.tiff'), maxBitRate: 9600 });
    await card.clock.sleep(20_000);
    await far.stopFax();
    const [s, r] = await Promise.all([sending, receiving]);
    t.false(r.success);
    t.false(s.success);
    t.log(`silent: ${silent.text}; cut: sender "${s.text}", receiver "${r.text}"`);
    // A missing document is refused before anything starts.
    t.is(codeOf(await t.throwsAsync(near.fax({ mode: 'send', file: join(dir, 'missing.tiff') }))), 'ERR_FAX_FAILED');
  } finally {
    await card.close();
  }
});
