/**
 * The web application's two catalogs hold the same keys, and no string is left empty: a
 * string added in one language only fails here before any browser runs.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';

type Catalog = { [key: string]: string | Catalog };

function load(name: string): Catalog {
  return JSON.parse(readFileSync(new URL(`../../web/src/locales/${name}.json`, import.meta.url), 'utf8')) as Catalog;
}

function leaves(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

test('zh-CN and English have exactly the same keys, none empty', (t) => {
  const zh = leaves(load('zh-CN'));
  const en = leaves(load('en'));
  t.deepEqual([...zh.keys()].filter((k) => !en.has(k)), [], 'in zh-CN only');
  t.deepEqual([...en.keys()].filter((k) => !zh.has(k)), [], 'in English only');
  t.deepEqual([...zh].filter(([, v]) => v.trim() === '').map(([k]) => k), [], 'empty in zh-CN');
  t.deepEqual([...en].filter(([, v]) => v.trim() === '').map(([k]) => k), [], 'empty in English');
});

test('the interpolations match between the languages', (t) => {
  const zh = leaves(load('zh-CN'));
  const en = leaves(load('en'));
  const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  for (const [key, value] of zh) t.deepEqual(vars(value), vars(en.get(key) ?? ''), key);
});

test('the Chinese catalog uses the call-center words (坐席, 班长, 示闲, 小休)', (t) => {
  const zh = [...leaves(load('zh-CN')).values()].join('\n');
  for (const word of ['坐席', '班长', '示闲', '小休', '话后处理', '调休上班日']) t.true(zh.includes(word), word);
  for (const foreign of ['代理', '暂停']) t.false(zh.includes(foreign), foreign);
});
