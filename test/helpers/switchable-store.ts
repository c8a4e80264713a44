/**
 * A store that is the real one until the test sets `down`; then every query and ping fails as
 * an unreachable database does (ECONNREFUSED), so the records writer's outage paths run
 * without stopping a server.
 */
import type { Knex } from 'knex';
import type { Store } from '../../src/store/store.js';
import { StoreUnavailableError } from '../../src/store/errors.js';

export function switchableStore(store: Store): Store & { down: boolean } {
  const unreachable = () => new StoreUnavailableError(store.target, Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' }));
  const refusing: Knex = new Proxy(function () {} as unknown as Knex, {
    apply() {
      throw unreachable();
    },
    get(_target, prop) {
      return prop === 'then' ? undefined : refusing;
    },
  });
  return {
    down: false,
    get knex() {
      return this.down ? refusing : store.knex;
    },
    client: store.client,
    target: store.target,
    ping() {
      return this.down ? Promise.reject(unreachable()) : store.ping();
    },
    close: () => store.close(),
  };
}
