// Exact decimal inputs. Amounts, rates and percentages arrive as decimal
// strings (or integers); they are split into sign, integer part and fraction
// digits without ever going through binary floating point.

export interface Decimal {
  readonly negative: boolean;
  readonly integer: bigint;
  /** Fraction digits as written, e.g. '05' for 3.05. */
  readonly fraction: string;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * '10005.30', '-3.5', '0.07', 12 (a safe integer), 1.5 (a number whose shortest
 * decimal form has no exponent). Anything else throws a RangeError that says
 * what was received.
 */
export function parseDecimal(value: string | number | bigint, what = 'value'): Decimal {
  let text: string;
  if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Expected a finite number for ${what} but received ${value}`);
    text = String(value);
  } else text = value.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`Expected a decimal number for ${what} but received ${JSON.stringify(String(value))}`);
  const integer = BigInt(m[2] ?? '0');
  const fraction = m[3] ?? '';
  const isZero = integer === 0n && /^0*$/.test(fraction);
  return { negative: m[1] === '-' && !isZero, integer, fraction };
}

/** The fraction without trailing zeros: 1.50 reads as 1.5, 710.2300 as 710.23. */
export function significantFraction(fraction: string): string {
  return fraction.replace(/0+$/, '');
}

/** A whole number input: a safe integer or a bigint. */
export function toBigInt(value: number | bigint, what = 'value'): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`Expected a safe integer for ${what} but received ${value}`);
  return BigInt(value);
}
