/**
 * How many cases a property run tries. The normal suite runs a short pass; FUZZ_RUNS=<n> (e.g.
 * 100000) runs the same properties for longer. FUZZ_SEED replays a reported failure.
 */
export function propertyRuns(short: number): { numRuns: number; seed?: number } {
  const runs = Number(process.env['FUZZ_RUNS']);
  const seed = Number(process.env['FUZZ_SEED']);
  return { numRuns: Number.isInteger(runs) && runs > 0 ? runs : short, ...(Number.isInteger(seed) ? { seed } : {}) };
}
