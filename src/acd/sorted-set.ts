/**
 * An ordered set kept in a sorted array: O(log n) search, O(n) memmove on insert/delete, and
 * in-order iteration, which heaps do not give. The ACD needs the iteration (the best *eligible*
 * agent is not always the first one, ring-all takes a whole tier), and its sets are small
 * (members of one queue, callers waiting in one queue), where a memmove of a few hundred
 * pointers costs less than a tree's allocations. The comparator must be a total order
 * (ties broken by a unique id) so that an element can be found again by comparison.
 */
export class SortedSet<T> {
  private readonly items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** Index of the first element not less than `probe`. */
  lowerBound(probe: T): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.items[mid] as T, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds the element; returns false if an equal element is already there. */
  add(item: T): boolean {
    const at = this.lowerBound(item);
    if (at < this.items.length && this.compare(this.items[at] as T, item) === 0) return false;
    if (at === this.items.length) this.items.push(item);
    else this.items.splice(at, 0, item);
    return true;
  }

  /** Removes the element, located by comparison, so its sort key must not have changed since `add`. */
  delete(item: T): boolean {
    const at = this.indexOf(item);
    if (at < 0) return false;
    if (at === this.items.length - 1) this.items.pop();
    else this.items.splice(at, 1);
    return true;
  }

  indexOf(item: T): number {
    const at = this.lowerBound(item);
    return at < this.items.length && this.items[at] === item ? at : -1;
  }

  has(item: T): boolean {
    return this.indexOf(item) >= 0;
  }

  at(index: number): T | undefined {
    return this.items[index];
  }

  first(): T | undefined {
    return this.items[0];
  }

  clear(): void {
    this.items.length = 0;
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.items[Symbol.iterator]();
  }

  toArray(): T[] {
    return this.items.slice();
  }
}
