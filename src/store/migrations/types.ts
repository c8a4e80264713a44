import type { Knex } from 'knex';

/**
 * One migration. `kind` says whether it changes the schema or the data, never both: on MySQL
 * every DDL statement commits implicitly, so a migration mixing the two could leave half of its
 * data change applied when it fails. A test holds every migration to its declared kind.
 */
export interface TellerlineMigration {
  name: string;
  kind: 'schema' | 'data';
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}
