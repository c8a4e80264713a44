/**
 * Lays out a faxed account statement as page plans (text and rules at canvas pixel
 * positions) for the render worker. Pure: no fonts, no images, no I/O, so pagination
 * and what is printed can be tested directly.
 *
 * Every page repeats the header (bank, customer, masked account, period) and the table
 * heading, so each faxed sheet identifies itself; rows never split across pages; the
 * last page ends with the totals and an end-of-statement line.
 */

import { CANVAS_WIDTH_PX, mm } from './fax-format.js';
import type { PageItem, PagePlan, TextItem } from './render-protocol.js';
import {
  formatMinorUnits,
  maskAccountNumber,
  singleLine,
  type StatementTransaction,
  type ValidStatementData,
} from './statement-data.js';

/** Body text size. 10.5 pt is about 14 scan lines at standard resolution: legible CJK. */
const BODY_PT = 10.5;
const SMALL_PT = 9;
const MARGIN = mm(12);
const RIGHT = CANVAS_WIDTH_PX - MARGIN;
const ROW_PITCH = mm(6);
const ROWS_TOP = mm(56);
const ROWS_BOTTOM = mm(278);
const FOOTER_RULE = mm(281);

/** Rows that fit between the table heading and the footer. */
export const ROWS_PER_PAGE = Math.floor((ROWS_BOTTOM - ROWS_TOP) / ROW_PITCH);
/** Row slots the closing summary takes on the last page. */
export const SUMMARY_ROWS = 3;

const COLUMN = {
  dateLeft: MARGIN,
  descriptionLeft: MARGIN + mm(25),
  debitRight: RIGHT - mm(68),
  creditRight: RIGHT - mm(35),
  balanceRight: RIGHT,
  amountWidth: mm(31),
};
const DESCRIPTION_WIDTH = COLUMN.debitRight - COLUMN.amountWidth - mm(3) - COLUMN.descriptionLeft;

/**
 * How many rows go on each page. Full pages first; the last page must also hold the
 * summary, so when the remainder would crowd it out, one row moves to a final page.
 */
export function paginate(rowCount: number): number[] {
  const lastPageCapacity = ROWS_PER_PAGE - SUMMARY_ROWS;
  const pages: number[] = [];
  let remaining = rowCount;
  while (remaining > lastPageCapacity) {
    const take = remaining > ROWS_PER_PAGE ? ROWS_PER_PAGE : remaining - 1;
    pages.push(take);
    remaining -= take;
  }
  pages.push(remaining);
  return pages;
}

export function pageLabel(page: number, pages: number): string {
  return `第 ${page}/${pages} 页  Page ${page} of ${pages}`;
}

export function layoutStatement(data: ValidStatementData): PagePlan[] {
  const rowsPerPage = paginate(data.transactions.length);
  const opening = data.openingBalance ?? openingFromFirst(data.transactions);
  const closing = data.closingBalance ?? data.transactions.at(-1)?.balance ?? opening;
  const plans: PagePlan[] = [];
  let next = 0;
  rowsPerPage.forEach((count, pageIndex) => {
    const items: PageItem[] = [];
    header(items, data, pageIndex === 0 ? opening : undefined);
    const rows = data.transactions.slice(next, next + count);
    next += count;
    rows.forEach((row, i) => transactionRow(items, row, ROWS_TOP + i * ROW_PITCH));
    const last = pageIndex === rowsPerPage.length - 1;
    if (last) summary(items, data, closing, ROWS_TOP + rows.length * ROW_PITCH);
    footer(items, pageIndex + 1, rowsPerPage.length, last);
    plans.push({ items });
  });
  return plans;
}

function openingFromFirst(transactions: readonly StatementTransaction[]): number {
  const first = transactions[0];
  return first ? first.balance - first.amount : 0;
}

function text(value: string, x: number, y: number, options: Partial<TextItem> = {}): TextItem {
  return { kind: 'text', text: value, x, y, sizePt: BODY_PT, bold: false, align: 'left', ...options };
}

function rule(items: PageItem[], y: number, thickness = 3, x = MARGIN, width = RIGHT - MARGIN): void {
  items.push({ kind: 'rule', x, y, width, height: thickness });
}

function header(items: PageItem[], data: ValidStatementData, openingBalance: number | undefined): void {
  const half = (RIGHT - MARGIN) / 2;
  const rightColumn = MARGIN + half + mm(4);
  let nameLeft = MARGIN;
  if (data.logoText) {
    logo(items, singleLine(data.logoText));
    nameLeft = MARGIN + LOGO_WIDTH + mm(4);
  }
  const nameWidth = MARGIN + half - nameLeft;
  items.push(text(singleLine(data.bankName), nameLeft, mm(10), { sizePt: 18, bold: true, maxWidth: nameWidth }));
  items.push(text('对账单  Account Statement', RIGHT, mm(11), { sizePt: 14, bold: true, align: 'right' }));
  if (data.bankNameEn) {
    items.push(text(singleLine(data.bankNameEn), nameLeft, mm(19), { sizePt: SMALL_PT, maxWidth: nameWidth }));
  }
  rule(items, mm(25), 5);

  const lineY = (n: number) => mm(28) + n * mm(6);
  items.push(text(`户名 Customer: ${singleLine(data.customerName)}`, MARGIN, lineY(0), { maxWidth: half }));
  items.push(text(`账号 Account No.: ${maskAccountNumber(data.accountNumber)}`, rightColumn, lineY(0)));
  items.push(
    text(`期间 Period: ${data.period.from} 至 to ${data.period.to}`, MARGIN, lineY(1), { maxWidth: half }),
  );
  items.push(text(`币种 Currency: ${data.currency}`, rightColumn, lineY(1)));
  if (openingBalance !== undefined) {
    items.push(text(`期初余额 Opening balance: ${formatMinorUnits(openingBalance)}`, MARGIN, lineY(2)));
  }
  if (data.statementDate) {
    items.push(text(`出单日期 Statement date: ${data.statementDate}`, rightColumn, lineY(2)));
  }

  rule(items, mm(46), 3);
  const headingY = mm(48);
  const bold = { bold: true };
  items.push(text('日期 Date', COLUMN.dateLeft, headingY, bold));
  items.push(text('摘要 Description', COLUMN.descriptionLeft, headingY, bold));
  items.push(text('支出 Debit', COLUMN.debitRight, headingY, { ...bold, align: 'right' }));
  items.push(text('存入 Credit', COLUMN.creditRight, headingY, { ...bold, align: 'right' }));
  items.push(text('余额 Balance', COLUMN.balanceRight, headingY, { ...bold, align: 'right' }));
  rule(items, mm(54), 3);
}

const LOGO_WIDTH = mm(24);
const LOGO_HEIGHT = mm(14);
const LOGO_TOP = mm(8);

/** The text logo: a framed box with the mark centred in it. */
function logo(items: PageItem[], mark: string): void {
  const border = 4;
  rule(items, LOGO_TOP, border, MARGIN, LOGO_WIDTH);
  rule(items, LOGO_TOP + LOGO_HEIGHT - border, border, MARGIN, LOGO_WIDTH);
  items.push({ kind: 'rule', x: MARGIN, y: LOGO_TOP, width: border, height: LOGO_HEIGHT });
  items.push({ kind: 'rule', x: MARGIN + LOGO_WIDTH - border, y: LOGO_TOP, width: border, height: LOGO_HEIGHT });
  items.push(
    text(mark, MARGIN + LOGO_WIDTH / 2, LOGO_TOP + mm(4.5), {
      sizePt: 13,
      bold: true,
      align: 'center',
      maxWidth: LOGO_WIDTH - mm(3),
      overflow: 'shrink',
    }),
  );
}

function transactionRow(items: PageItem[], row: StatementTransaction, top: number): void {
  const y = top + mm(1);
  const amount = (value: number, right: number): TextItem =>
    text(formatMinorUnits(value), right, y, { align: 'right', maxWidth: COLUMN.amountWidth, overflow: 'shrink' });
  items.push(text(row.date, COLUMN.dateLeft, y));
  items.push(text(singleLine(row.description), COLUMN.descriptionLeft, y, { maxWidth: DESCRIPTION_WIDTH }));
  if (row.amount < 0) items.push(amount(-row.amount, COLUMN.debitRight));
  else items.push(amount(row.amount, COLUMN.creditRight));
  items.push(amount(row.balance, COLUMN.balanceRight));
}

function summary(items: PageItem[], data: ValidStatementData, closing: number, top: number): void {
  rule(items, top + mm(1), 3);
  const y = top + mm(3);
  const count = data.transactions.length;
  const countText = count === 0 ? '本期无交易  No transactions in this period' : `共 ${count} 笔交易  ${count} transaction${count === 1 ? '' : 's'}`;
  items.push(text(countText, COLUMN.dateLeft, y));
  items.push(
    text(`期末余额 Closing balance: ${formatMinorUnits(closing)}`, COLUMN.balanceRight, y, { bold: true, align: 'right' }),
  );
  items.push(
    text('—— 对账单结束  End of statement ——', CANVAS_WIDTH_PX / 2, y + mm(8), { sizePt: SMALL_PT, align: 'center' }),
  );
}

function footer(items: PageItem[], page: number, pages: number, last: boolean): void {
  rule(items, FOOTER_RULE, 2);
  const y = FOOTER_RULE + mm(2);
  items.push(text(pageLabel(page, pages), CANVAS_WIDTH_PX / 2, y, { sizePt: SMALL_PT, align: 'center' }));
  if (!last) items.push(text('接下页  Continued', RIGHT, y, { sizePt: SMALL_PT, align: 'right' }));
}
