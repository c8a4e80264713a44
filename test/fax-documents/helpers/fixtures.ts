/** Shared helpers for the fax document tests: temp dirs, sample data, pixel access. */

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { StatementData } from '../../../src/fax/documents/index.js';

export const execFileAsync = promisify(execFile);

export async function makeTempDir(label: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `tl-faxdoc-${label}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const FULL_ACCOUNT_NUMBER = '6222021234567891234';

export function sampleStatement(rows: number, overrides: Partial<StatementData> = {}): StatementData {
  const transactions = Array.from({ length: rows }, (_, i) => ({
    date: `2024-03-${String((i % 28) + 1).padStart(2, '0')}`,
    description:
      i % 5 === 4
        ? '跨行转账 向 北京某某科技有限公司 支付货款及技术服务费 Interbank transfer, goods and technical services'
        : i % 2
          ? '工资 Salary'
          : `ATM 取款 Withdrawal #${i}`,
    amount: i % 2 ? 1_234_567 : -(i * 1000 + 55),
    balance: 100_000_000 - i * 12_345,
  }));
  return {
    bankName: '中国某某银行 上海分行',
    bankNameEn: 'Bank of Somewhere, Shanghai Branch',
    customerName: '张三丰',
    accountNumber: FULL_ACCOUNT_NUMBER,
    period: { from: '2024-03-01', to: '2024-03-31' },
    statementDate: '2024-04-01',
    transactions,
    ...overrides,
  };
}

export interface PagePixels {
  width: number;
  height: number;
  /** 1 where the pixel is black. */
  black: Uint8Array;
}

/** Decodes one page of a TIFF (0-based) to black/white pixels. */
export async function pagePixels(path: string, page: number): Promise<PagePixels> {
  const { data, info } = await sharp(path, { page }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const black = new Uint8Array(info.width * info.height);
  for (let i = 0; i < black.length; i++) black[i] = (data[i * info.channels] ?? 255) < 128 ? 1 : 0;
  return { width: info.width, height: info.height, black };
}

/** Fraction of black pixels in a rectangle. */
export function inkRatio(pixels: PagePixels, left: number, top: number, width: number, height: number): number {
  let black = 0;
  for (let y = top; y < top + height; y++) {
    for (let x = left; x < left + width; x++) black += pixels.black[y * pixels.width + x] ?? 0;
  }
  return black / (width * height);
}

/** libtiff's own view of a file, as tiffinfo prints it (an independent check of our tags). */
export async function tiffinfo(path: string): Promise<string> {
  const { stdout } = await execFileAsync('tiffinfo', [path]);
  return stdout;
}
