/**
 * Authentication: password logins with lockout, server-side sessions, API tokens.
 *
 * - Sessions: a random id in an HttpOnly, SameSite=Strict cookie; the server stores only its
 *   SHA-256 hash, with an absolute expiry. The CSRF token is derived from the id.
 * - Lockout: `lockoutThreshold` failures in a row lock the account for `lockoutSeconds`; a
 *   locked account is refused even with the right password (HTTP 423). Unknown users and wrong
 *   passwords get the same answer, after the same amount of work.
 * - API tokens: `tlk_` + 32 random bytes, shown once; stored hashed; scoped to a tenant and a
 *   role; revocable; optionally expiring.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../config/schema.js';
import { operatorsRepo, type Operator } from './store/operators-repo.js';
import { sessionsRepo } from './store/sessions-repo.js';
import { apiTokensRepo, type ApiToken } from './store/api-tokens-repo.js';
import { tenantsRepo } from '../tenants/store/tenants-repo.js';
import { hashPassword, verifyPassword, passwordProblems } from './password.js';
import { csrfTokenFor, newApiToken, newSecret, sha256, API_TOKEN_PREFIX } from './secrets.js';
import type { Principal } from './principal.js';
import type { RoleName } from './permissions.js';
import { AuthError } from './auth-errors.js';

export const SESSION_COOKIE = 'tellerline_session';

export type SecurityConfig = Config['security'];

export interface LoginResult {
  operator: Operator;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export type LoginFailure = { reason: 'unknown_user' | 'bad_password' | 'disabled'; operator?: Operator; lockedNow: boolean };

export class AuthService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Knex,
    readonly security: SecurityConfig,
  ) {}

  hashPassword(password: string): Promise<string> {
    return hashPassword(password, this.security.scryptLog2N);
  }

  /** Throws an AuthError (validation_failed) naming what is wrong with a new password. */
  checkPasswordPolicy(password: string, username?: string): void {
    const problems = passwordProblems(password, this.security, username);
    if (problems.length > 0) throw new AuthError('validation_failed', 'password does not meet the policy', { details: problems.map((message) => ({ path: 'body.password', message })) });
  }

  /**
   * Check a username and password. On success a session is created. On failure the failure
   * is counted (and may lock the account); the caller gets the reason for its audit entry
   * but must answer the client the same way for every reason.
   */
  async login(input: { username: string; password: string; ip: string | null; userAgent: string | null }): Promise<{ ok: true; result: LoginResult } | { ok: false; failure: LoginFailure }> {
    const operator = await operatorsRepo.getWithSecretByUsername(this.db, input.username);
    if (!operator) {
      this.dummyHash ??= hashPassword(newSecret(), this.security.scryptLog2N);
      await verifyPassword(input.password, await this.dummyHash);
      return { ok: false, failure: { reason: 'unknown_user', lockedNow: false } };
    }
    const { passwordHash, ...publicOperator } = operator;
    if (operator.lockedUntil && Date.parse(operator.lockedUntil) > Date.now()) {
      throw new AuthError('account_locked', 'account locked after repeated failed logins; try again later or ask an administrator', { retryAfterSeconds: (Date.parse(operator.lockedUntil) - Date.now()) / 1000 });
    }
    const tenant = await tenantsRepo.get(this.db, operator.tenantId);
    const passwordOk = await verifyPassword(input.password, passwordHash);
    if (!passwordOk) {
      const { locked } = await operatorsRepo.recordLoginFailure(this.db, operator.id, this.security.lockoutThreshold, new Date(Date.now() + this.security.lockoutSeconds * 1000));
      return { ok: false, failure: { reason: 'bad_password', operator: publicOperator, lockedNow: locked } };
    }
    if (operator.disabled || tenant?.status !== 'active') {
      return { ok: false, failure: { reason: 'disabled', operator: publicOperator, lockedNow: false } };
    }
    await operatorsRepo.recordLoginSuccess(this.db, operator.id);
    const sessionId = newSecret(32);
    const expiresAt = new Date(Date.now() + this.security.sessionTtlSeconds * 1000);
    await sessionsRepo.insert(this.db, { idHash: sha256(sessionId), operatorId: operator.id, tenantId: operator.tenantId, expiresAt, ip: input.ip, userAgent: input.userAgent });
    return { ok: true, result: { operator: { ...publicOperator, failedLogins: 0, lockedUntil: null }, sessionId, csrfToken: csrfTokenFor(sessionId), expiresAt } };
  }

  /** `db` is the request's transaction: on SQLite (one connection) the base knex would wait on it. */
  async logout(db: Knex, sessionIdHash: string): Promise<void> {
    await sessionsRepo.delete(db, sessionIdHash);
  }

  /** The principal behind a session cookie value, if the session is live and the operator usable. */
  async fromSession(sessionId: string): Promise<Principal | undefined> {
    const idHash = sha256(sessionId);
    const session = await sessionsRepo.getLive(this.db, idHash);
    if (!session) return undefined;
    const operator = await operatorsRepo.get(this.db, session.operatorId);
    if (!operator || operator.disabled) return undefined;
    const tenant = await tenantsRepo.get(this.db, operator.tenantId);
    if (tenant?.status !== 'active') return undefined;
    return {
      kind: 'operator',
      id: operator.id,
      name: operator.username,
      tenantId: operator.tenantId,
      role: operator.role,
      agentId: operator.agentId,
      sessionIdHash: idHash,
      csrfToken: csrfTokenFor(sessionId),
    };
  }

  /** The principal behind an `Authorization: Bearer` token, if usable. */
  async fromApiToken(token: string): Promise<Principal | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const record = await apiTokensRepo.getUsableByHash(this.db, sha256(token));
    if (!record) return undefined;
    const tenant = await tenantsRepo.get(this.db, record.tenantId);
    if (tenant?.status !== 'active') return undefined;
    await apiTokensRepo.touch(this.db, record.id);
    return { kind: 'token', id: record.id, name: record.name, tenantId: record.tenantId, role: record.role, agentId: null };
  }

  /** Create an API token; the clear token is returned once and never stored. */
  async createApiToken(db: Knex, input: { tenantId: string; name: string; role: RoleName; createdBy: string | null; expiresAt: Date | null }): Promise<{ token: string; record: ApiToken }> {
    const token = newApiToken();
    const record = await apiTokensRepo.insert(db, {
      id: randomUUID(),
      tenantId: input.tenantId,
      name: input.name,
      role: input.role,
      tokenHash: sha256(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      createdBy: input.createdBy,
      expiresAt: input.expiresAt,
    });
    return { token, record };
  }

  /** Change an operator's own password: the current one must verify first. Other sessions end. */
  async changeOwnPassword(db: Knex, operatorId: string, current: string, next: string, keepSessionIdHash?: string): Promise<Operator> {
    const operator = await operatorsRepo.getWithSecret(db, operatorId);
    if (!operator) throw new AuthError('unauthenticated', 'authentication required');
    if (!(await verifyPassword(current, operator.passwordHash))) {
      throw new AuthError('validation_failed', 'current password is wrong', { details: [{ path: 'body.currentPassword', message: 'does not match' }] });
    }
    this.checkPasswordPolicy(next, operator.username);
    const updated = await operatorsRepo.update(db, operatorId, { passwordHash: await this.hashPassword(next) });
    await sessionsRepo.deleteForOperator(db, operatorId, keepSessionIdHash);
    return updated!;
  }

  async purgeExpiredSessions(): Promise<number> {
    return sessionsRepo.deleteExpired(this.db);
  }
}
