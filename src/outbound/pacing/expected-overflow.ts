/**
 * The expected shortfall of a normal variable: E[max(0, X)] for X ~ N(mean, sd²). The
 * predictive pacer approximates "answered people minus agents free for them" by a normal
 * variable (a sum of many small independent yes/no outcomes) and reads the expected number
 * of people left without an agent from this.
 */
export function expectedOverflow(mean: number, sd: number): number {
  if (!(sd > 1e-9)) return Math.max(0, mean);
  const z = mean / sd;
  return sd * normalDensity(z) + mean * normalCdf(z);
}

function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Φ(z) through erf (Abramowitz & Stegun 7.1.26, error below 1.5e-7: ample for pacing). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
