/**
 * Sums over the samples of the last `spanS` seconds of model time, as the dialler keeps its
 * rolling measurements: samples enter at the back and age out at the front.
 */
export class RollingWindow {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private head = 0;
  private total = 0;

  constructor(private readonly spanS: number) {}

  add(at: number, value: number): void {
    this.times.push(at);
    this.values.push(value);
    this.total += value;
  }

  /** Drops what is older than the span, then answers [samples, sum]. */
  read(now: number): { count: number; sum: number } {
    while (this.head < this.times.length && this.times[this.head]! < now - this.spanS) {
      this.total -= this.values[this.head]!;
      this.head += 1;
    }
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.values.splice(0, this.head);
      this.head = 0;
    }
    return { count: this.times.length - this.head, sum: this.total };
  }
}
