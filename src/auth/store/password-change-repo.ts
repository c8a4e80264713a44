import type { Knex } from 'knex';
import { fromDbBool } from '../../store/time.js';

/** The "must set their own password" flag of an operator (migration 0043). */
export const passwordChangeRepo = {
  async isRequired(db: Knex, operatorId: string): Promise<boolean> {
    const row = (await db('operators').where({ id: operatorId }).first('must_change_password')) as { must_change_password: unknown } | undefined;
    return row ? fromDbBool(row.must_change_password) : false;
  },
  async require(db: Knex, operatorId: string): Promise<void> {
    await db('operators').where({ id: operatorId }).update({ must_change_password: true });
  },
  async clear(db: Knex, operatorId: string): Promise<void> {
    await db('operators').where({ id: operatorId }).update({ must_change_password: false });
  },
};
