/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in the bank's local time. */
const pad = (n: number) => String(n).padStart(2, '0');

export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function localTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** `YYYY-MM` of the month `monthsBack` before the month of `iso`. */
export function monthBefore(iso: string, monthsBack: number): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1 - monthsBack, 1));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
}

export function dayOfMonth(iso: string): number {
  return Number(iso.slice(8, 10));
}

export function monthOf(iso: string): number {
  return Number(iso.slice(5, 7));
}
