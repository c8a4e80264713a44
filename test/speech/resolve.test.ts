// Prompt file resolution: a bank's recorded prompt wins over the generated one,
// file by file and language by language.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { findPromptFile, resolvePromptFile, resolvePromptFiles } from '../../src/voice/prompts/resolve.js';
import { readAmountYuan } from '../../src/voice/readings/index.js';

function dirsWith(files: Record<string, string[]>) {
  const root = mkdtempSync(path.join(tmpdir(), 'tl-prompts-'));
  for (const [file, ids] of Object.entries(files)) {
    for (const id of ids) {
      const full = path.join(root, file, `${id}.wav`);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, 'x');
    }
  }
  return { root, customDir: path.join(root, 'custom'), generatedDir: path.join(root, 'generated') };
}

test('custom recordings win over generated prompts, per file and language', (t) => {
  const d = dirsWith({ 'custom/zh': ['welcome'], 'generated/zh': ['welcome', 'goodbye'], 'generated/en': ['welcome'] });
  t.teardown(() => rmSync(d.root, { recursive: true, force: true }));
  t.is(resolvePromptFile('welcome', 'zh', d), path.join(d.customDir, 'zh', 'welcome.wav'));
  t.deepEqual(findPromptFile('welcome', 'zh', d)?.source, 'custom');
  t.is(resolvePromptFile('goodbye', 'zh', d), path.join(d.generatedDir, 'zh', 'goodbye.wav'));
  t.is(resolvePromptFile('welcome', 'en', d), path.join(d.generatedDir, 'en', 'welcome.wav'));
  t.is(resolvePromptFile('goodbye', 'en', d), undefined);
  t.is(resolvePromptFile('welcome', 'zh', { generatedDir: d.generatedDir }), path.join(d.generatedDir, 'zh', 'welcome.wav'));
});

test('a reading resolves to its piece files; missing ones are reported', (t) => {
  const d = dirsWith({ 'generated/zh': ['num.1', 'num.wan', 'num.0', 'num.5', 'cur.yuan', 'num.3'], 'custom/zh': ['cur.yuan'] });
  t.teardown(() => rmSync(d.root, { recursive: true, force: true }));
  const ids = readAmountYuan('10005.30', 'zh').map((x) => x.id);
  const resolved = resolvePromptFiles(ids, 'zh', d);
  t.deepEqual(resolved.missing, ['cur.jiao']);
  t.deepEqual(
    resolved.files.map((f) => path.relative(d.root, f)),
    ['generated/zh/num.1.wav', 'generated/zh/num.wan.wav', 'generated/zh/num.0.wav', 'generated/zh/num.5.wav', 'custom/zh/cur.yuan.wav', 'generated/zh/num.3.wav'],
  );
});

test('ids that could leave the prompt directories are refused', (t) => {
  const d = { generatedDir: '/nonexistent' };
  for (const id of ['../etc/passwd', 'a/b', '', '.hidden', 'x..y', 'a\\b']) {
    t.throws(() => resolvePromptFile(id, 'zh', d), { instanceOf: RangeError }, id);
  }
  t.is(resolvePromptFile('bank.promo-2026_spring', 'zh', d), undefined);
});
