/**
 * The dial plan: which called numbers the bank answers, and what answers them
 * (an IVR flow, a queue, the line test, fax reception). Exact numbers win over
 * patterns; among patterns the longest fixed prefix wins. A number that
 * matches nothing is refused with cause 1 (unallocated number).
 */
import type { DialPlanEntry } from '../config/schema.js';

export class DialPlan {
  private entries: DialPlanEntry[] = [];

  constructor(entries: readonly DialPlanEntry[]) {
    this.replace(entries);
  }

  /** Swaps the whole plan (edited in the back office): calls offered from now on follow it. */
  replace(entries: readonly DialPlanEntry[]): void {
    this.entries = [...entries].sort((a, b) => fixedLength(b.number) - fixedLength(a.number) || a.number.localeCompare(b.number));
  }

  match(called: string): DialPlanEntry | undefined {
    return this.entries.find((e) => matches(e.number, called));
  }

  list(): readonly DialPlanEntry[] {
    return this.entries;
  }
}

function fixedLength(pattern: string): number {
  const x = pattern.indexOf('X');
  return x < 0 ? pattern.length + 1000 : x;  // exact numbers first
}

function matches(pattern: string, called: string): boolean {
  if (pattern.length !== called.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const c = called[i]!;
    if (p === 'X' ? !/[0-9]/.test(c) : p !== c) return false;
  }
  return true;
}
