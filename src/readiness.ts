/**
 * Readiness checks behind /readyz. Each check resolves to null when ready, or a short reason.
 * A check that throws or takes longer than the timeout counts as not ready.
 */
export type ReadinessCheck = () => Promise<string | null> | string | null;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; reason?: string }>;
}

export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(private readonly timeoutMs = 2000) {}

  register(name: string, check: ReadinessCheck): () => void {
    if (this.checks.has(name)) throw new Error(`readiness check '${name}' is already registered`);
    this.checks.set(name, check);
    return () => {
      this.checks.delete(name);
    };
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const timeout = new Promise<string>((resolveTimeout) => {
            timer = setTimeout(() => resolveTimeout(`no answer within ${this.timeoutMs} ms`), this.timeoutMs);
          });
          const reason = await Promise.race([Promise.resolve().then(check), timeout]);
          return [name, reason === null ? { ok: true } : { ok: false, reason }] as const;
        } catch {
          // An exception's text may carry internals: /readyz needs no log-in.
          return [name, { ok: false, reason: 'check failed' }] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { ready: entries.every(([, r]) => r.ok), checks };
  }
}
