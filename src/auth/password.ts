/**
 * Password hashing with scrypt (node:crypto). Each hash carries its own parameters and salt:
 *   scrypt$<log2N>$<r>$<p>$<salt base64url>$<hash base64url>
 * so the cost can be raised later without invalidating existing passwords.
 */
import { scrypt as scryptCb, randomBytes, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolveKey, reject) => {
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolveKey(key)));
  });
}

function optionsFor(log2N: number, r: number, p: number): ScryptOptions {
  const N = 2 ** log2N;
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
}

export async function hashPassword(password: string, log2N: number): Promise<string> {
  const r = 8;
  const p = 1;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, optionsFor(log2N, r, p));
  return ['scrypt', log2N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, log2N, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyText, 'base64url');
  const key = await scrypt(password, Buffer.from(saltText, 'base64url'), optionsFor(Number(log2N), Number(r), Number(p)));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** The log2 N a stored hash was made with (0 when unreadable). */
export function hashCost(stored: string): number {
  const parts = stored.split('$');
  return parts[0] === 'scrypt' ? Number(parts[1]) || 0 : 0;
}

export interface PasswordPolicy {
  passwordMinLength: number;
  passwordMinClasses: number;
}

/** Problems with a new password under the policy (empty when acceptable). */
export function passwordProblems(password: string, policy: PasswordPolicy, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < policy.passwordMinLength) problems.push(`must be at least ${policy.passwordMinLength} characters`);
  if (password.length > 256) problems.push('must be at most 256 characters');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.passwordMinClasses) problems.push(`must mix at least ${policy.passwordMinClasses} of: lower case, upper case, digits, other characters`);
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('must not contain the user name');
  return problems;
}
