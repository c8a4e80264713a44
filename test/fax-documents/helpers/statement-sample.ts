/** Sample statement data for the tests. Imports nothing that loads sharp (server-process.ts uses it). */

import type { StatementData } from '../../../src/fax/documents/index.js';

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
    logoText: '某某银行',
    bankNameEn: 'Bank of Somewhere, Shanghai Branch',
    customerName: '张三丰',
    accountNumber: FULL_ACCOUNT_NUMBER,
    period: { from: '2024-03-01', to: '2024-03-31' },
    statementDate: '2024-04-01',
    transactions,
    ...overrides,
  };
}
