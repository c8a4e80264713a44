/**
 * Authentication: password logins with lockout, server-side sessions, API tokens.
 *
 * - Sessions: a random id in an HttpOnly, SameSite=Strict cookie; the server stores only its
 *   SHA-256 hash, with an absolute expiry. The CSRF token is derived from the id.
 * - Lockout: `lockoutThreshold` failures in a row lock the account for `lockoutSeconds`; a
 *   locked account is refused even with the right password (HTTP 423). Unknown users and wrong
 *   passwords get the same answer, after the same amount of work. Each attempt is counted
 *   before its password is checked, atomically, so parallel guesses cannot pass the limit.
 * - Throttling (login-throttle.ts): failures per address, one attempt per name at a time, and
 *   a bound on password checks at once.
 * - Password age and reuse: a password older than `passwordMaxAgeDays` holds its operator to
 *   the password change (as a first log-in does); a new password may not be one of the last
 *   `passwordHistory` (hashes of replaced ones are kept, never the passwords).
 * - API tokens: `tlk_` + 32 random bytes, shown once; stored hashed; scoped to a tenant and a
 *   role; revocable; optionally expiring.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../config/schema.js';
import { operatorsRepo, type Operator } from './store/operators-repo.js';
import { sessionsRepo } from './store/sessions-repo.js';
import { passwordHistoryRepo } from './store/password-history-repo.js';
import { apiTokensRepo, type ApiToken } from './store/api-tokens-repo.js';
import { tenantsRepo } from '../tenants/store/tenants-repo.js';
import { operatorForLogin } from './login-names.js';
import { hashCost, hashPassword, verifyPassword, passwordProblems } from './password.js';
import { csrfTokenFor, newApiToken, newSecret, sha256, API_TOKEN_PREFIX } from './secrets.js';
import type { Principal } from './principal.js';
import type { RoleName } from './permissions.js';
import { mayAssign, resolveRoleAccess } from './role-access.js';
import { AuthError, isAuthError } from './auth-errors.js';
import { LoginThrottle } from './login-throttle.js';
import { UnknownNameLockout } from './unknown-name-lockout.js';

export { SESSION_COOKIE } from './session-cookie.js';

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
  private readonly throttle: LoginThrottle;
  private readonly unknownNames: UnknownNameLockout;

  constructor(
    private readonly db: Knex,
    readonly security: SecurityConfig,
  ) {
    // Counts in the store: every server process on this database limits log-ins together.
    this.throttle = new LoginThrottle(security, Date.now, db);
    this.unknownNames = new UnknownNameLockout(
      () => this.security.lockoutThreshold,
      () => this.security.lockoutSeconds * 1000,
      Date.now,
      db,
    );
  }

  hashPassword(password: string): Promise<string> {
    return hashPassword(password, this.security.scryptLog2N);
  }

  /** Throws an AuthError (validation_failed) naming what is wrong with a new password. */
  checkPasswordPolicy(password: string, username?: string, field = 'password'): void {
    const problems = passwordProblems(password, this.security, username);
    if (problems.length > 0) throw new AuthError('validation_failed', 'password does not meet the policy', { details: problems.map((message) => ({ path: `body.${field}`, message })) });
  }

  /** Whether an operator's password is older than the policy allows. */
  passwordExpired(operator: Pick<Operator, 'passwordChangedAt'>, now = new Date()): boolean {
    const maxAgeDays = this.security.passwordMaxAgeDays;
    if (maxAgeDays <= 0) return false;
    return now.getTime() - Date.parse(operator.passwordChangedAt) > maxAgeDays * 86_400_000;
  }

  /** Keeps the hash a new password replaces, as many as the reuse check looks at. */
  async rememberReplacedPassword(db: Knex, operatorId: string, replacedHash: string): Promise<void> {
    await passwordHistoryRepo.remember(db, operatorId, replacedHash, this.security.passwordHistory - 1);
  }

  /** Throws when `next` is the current password or one of the recent ones the policy refuses again. */
  private async refuseReuse(db: Knex, operatorId: string, currentHash: string, next: string): Promise<void> {
    const count = this.security.passwordHistory;
    if (count <= 0) return;
    const hashes = [currentHash, ...(await passwordHistoryRepo.recent(db, operatorId, count - 1))];
    for (const hash of hashes) {
      if (await this.throttle.passwordCheck(() => verifyPassword(next, hash))) {
        throw new AuthError('validation_failed', 'password was used recently', {
          details: [{ path: 'body.newPassword', message: `must differ from your last ${count} passwords` }],
        });
      }
    }
  }

  /**
   * Check a username and password. On success a session is created. On failure the failure
   * is counted (and may lock the account); the caller gets the reason for its audit entry
   * but must answer the client the same way for every reason.
   */
  async login(input: { username: string; password: string; ip: string | null; userAgent: string | null }): Promise<{ ok: true; result: LoginResult } | { ok: false; failure: LoginFailure }> {
    const address = input.ip ?? 'unknown';
    await this.throttle.checkAddress(address);
    try {
      const outcome = await this.throttle.oneAtATime(input.username, () => this.attempt(input));
      if (!outcome.ok) await this.throttle.failed(address);
      return outcome;
    } catch (err) {
      if (isAuthError(err, 'account_locked')) await this.throttle.failed(address);
      throw err;
    }
  }

  private async attempt(input: { username: string; password: string; ip: string | null; userAgent: string | null }): Promise<{ ok: true; result: LoginResult } | { ok: false; failure: LoginFailure }> {
    const operator = await operatorForLogin(this.db, input.username);
    if (!operator) {
      // Answered as a real account would be: the same work, the same lockout.
      const lockedFor = await this.unknownNames.lockedFor(input.username);
      if (lockedFor > 0) throw accountLocked(lockedFor);
      this.dummyHash ??= hashPassword(newSecret(), this.security.scryptLog2N);
      const dummy = await this.dummyHash;
      await this.throttle.passwordCheck(() => verifyPassword(input.password, dummy));
      return { ok: false, failure: { reason: 'unknown_user', lockedNow: await this.unknownNames.failed(input.username) } };
    }
    const { passwordHash, ...publicOperator } = operator;
    if (!(await operatorsRepo.reserveLoginAttempt(this.db, operator.id, this.security.lockoutThreshold, new Date()))) {
      const lockedUntil = (await operatorsRepo.get(this.db, operator.id))?.lockedUntil;
      const left = lockedUntil ? (Date.parse(lockedUntil) - Date.now()) / 1000 : 0;
      // Not locked yet: the last allowed attempts are being checked elsewhere.
      throw accountLocked(left > 0 ? left : this.security.lockoutSeconds);
    }
    const tenant = await tenantsRepo.get(this.db, operator.tenantId);
    const passwordOk = await this.throttle.passwordCheck(() => verifyPassword(input.password, passwordHash));
    if (!passwordOk) {
      const { locked } = await operatorsRepo.settleLoginFailure(this.db, operator.id, this.security.lockoutThreshold, new Date(Date.now() + this.security.lockoutSeconds * 1000));
      return { ok: false, failure: { reason: 'bad_password', operator: publicOperator, lockedNow: locked } };
    }
    if (operator.disabled || tenant?.status !== 'active') {
      await operatorsRepo.releaseLoginAttempt(this.db, operator.id);
      return { ok: false, failure: { reason: 'disabled', operator: publicOperator, lockedNow: false } };
    }
    await operatorsRepo.recordLoginSuccess(this.db, operator.id);
    // A hash made at a lower cost than configured is redone now that the password is known.
    if (hashCost(passwordHash) < this.security.scryptLog2N) await operatorsRepo.update(this.db, operator.id, { passwordHash: await this.hashPassword(input.password), keepPasswordAge: true }).then(() => undefined, () => undefined);
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
    const session = await sessionsRepo.getLive(this.db, idHash, new Date(), this.security.sessionIdleSeconds);
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
      ...(operator.mustChangePassword || this.passwordExpired(operator) ? { mustChangePassword: true } : {}),
    };
  }

  /** Whether an operator may (still) give `role` of `tenantId`: built-in and custom roles alike (see role-access.ts). */
  private async mayGive(operator: Operator, role: RoleName, tenantId: string): Promise<boolean> {
    const giver: Principal = { kind: 'operator', id: operator.id, name: operator.username, tenantId: operator.tenantId, role: operator.role, agentId: operator.agentId, access: await resolveRoleAccess(this.db, operator.tenantId, operator.role) };
    return mayAssign(giver, role, await resolveRoleAccess(this.db, tenantId, role));
  }

  /** The principal behind an `Authorization: Bearer` token, if usable. */
  async fromApiToken(token: string): Promise<Principal | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const record = await apiTokensRepo.getUsableByHash(this.db, sha256(token));
    if (!record) return undefined;
    const tenant = await tenantsRepo.get(this.db, record.tenantId);
    if (tenant?.status !== 'active') return undefined;
    // A token lives on its creator's standing: disabled, deleted, or no longer allowed to give
    // the token's role, and the token stops working (tokens made by the server have no creator).
    if (record.createdBy !== null) {
      const creator = await operatorsRepo.get(this.db, record.createdBy);
      if (!creator || creator.disabled || !(await this.mayGive(creator, record.role, record.tenantId))) return undefined;
    }
    await apiTokensRepo.touch(this.db, record.id);
    return { kind: 'token', id: record.id, name: record.name, tenantId: record.tenantId, role: record.role, agentId: null };
  }

  /**
   * Whether a principal taken at the start of a long request (an event stream) still stands
   * as it was: the session or token is live, and the operator or token has the same tenant,
   * role and agent id, enabled. Any change ends the stream; the client reconnects and is
   * checked afresh.
   */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.kind === 'operator') {
      if (!principal.sessionIdHash || !(await sessionsRepo.getLive(this.db, principal.sessionIdHash))) return false;
      const operator = await operatorsRepo.get(this.db, principal.id);
      if (!operator || operator.disabled || operator.role !== principal.role || operator.agentId !== principal.agentId || operator.tenantId !== principal.tenantId) return false;
    } else {
      const record = await apiTokensRepo.get(this.db, principal.id);
      if (!record || record.revokedAt !== null || (record.expiresAt !== null && Date.parse(record.expiresAt) <= Date.now()) || record.role !== principal.role) return false;
      if (record.createdBy !== null) {
        const creator = await operatorsRepo.get(this.db, record.createdBy);
        if (!creator || creator.disabled || !(await this.mayGive(creator, record.role, record.tenantId))) return false;
      }
    }
    return (await tenantsRepo.get(this.db, principal.tenantId))?.status === 'active';
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

  /**
   * Change an operator's own password: the current one must verify first. Every session ends;
   * the caller's goes on under a new id (returned, with its CSRF token), so whoever knew the
   * old id is out too.
   */
  async changeOwnPassword(
    db: Knex,
    operatorId: string,
    current: string,
    next: string,
    session?: { ip: string | null; userAgent: string | null },
  ): Promise<{ operator: Operator; session?: { sessionId: string; csrfToken: string; expiresAt: Date } }> {
    const operator = await operatorsRepo.getWithSecret(db, operatorId);
    if (!operator) throw new AuthError('unauthenticated', 'authentication required');
    if (!(await this.throttle.passwordCheck(() => verifyPassword(current, operator.passwordHash)))) {
      throw new AuthError('validation_failed', 'current password is wrong', { details: [{ path: 'body.currentPassword', message: 'does not match' }] });
    }
    this.checkPasswordPolicy(next, operator.username, 'newPassword');
    await this.refuseReuse(db, operatorId, operator.passwordHash, next);
    await this.rememberReplacedPassword(db, operatorId, operator.passwordHash);
    const updated = await operatorsRepo.update(db, operatorId, { passwordHash: await this.hashPassword(next), mustChangePassword: false });
    await sessionsRepo.deleteForOperator(db, operatorId);
    if (!session) return { operator: updated! };
    const sessionId = newSecret(32);
    const expiresAt = new Date(Date.now() + this.security.sessionTtlSeconds * 1000);
    await sessionsRepo.insert(db, { idHash: sha256(sessionId), operatorId, tenantId: operator.tenantId, expiresAt, ip: session.ip, userAgent: session.userAgent });
    return { operator: updated!, session: { sessionId, csrfToken: csrfTokenFor(sessionId), expiresAt } };
  }

  async purgeExpiredSessions(): Promise<number> {
    return sessionsRepo.deleteExpired(this.db);
  }
}

function accountLocked(retryAfterSeconds: number): AuthError {
  return new AuthError('account_locked', 'account locked after repeated failed logins; try again later or ask an administrator', { retryAfterSeconds });
}
