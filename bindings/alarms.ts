/** Names of span alarm bits, as DAHDI and the virtual card report them. */
const bits: Array<[number, string]> = [
  [1 << 0, 'recover'],
  [1 << 1, 'loopback'],
  [1 << 2, 'yellow'],
  [1 << 3, 'red'],
  [1 << 4, 'blue'],
  [1 << 5, 'not-open'],
  [1 << 8, 'los'],
  [1 << 9, 'lfa'],
  [1 << 10, 'lmfa'],
];

/** ["red", "los"] for a pulled cable; [] when the span is clear. */
export function alarmNames(alarms: number): string[] {
  return bits.filter(([bit]) => (alarms & bit) !== 0).map(([, name]) => name);
}
