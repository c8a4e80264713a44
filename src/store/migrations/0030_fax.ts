import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * Fax: fax-on-demand documents (uploads converted to TIFF/F), every fax sent or received (one
 * row per transmission, with its T.30 result), the PNG pages of each received fax for the
 * browser, and the queue of outbound fax jobs with their retries. Files live under
 * <data.dir>/faxes/<tenant>/; the rows hold paths relative to that directory.
 * Account numbers appear only masked (in `document_label`).
 */
export const migration: TellerlineMigration = {
  name: '0030_fax',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('fax_documents', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('code', 64).notNullable(); // what the IVR's fax-on-demand menu names (e.g. "deposit-rates")
      t.string('title', 200).notNullable();
      t.string('original_name', 200).nullable();
      t.string('original_type', 16).notNullable(); // pdf | png | jpeg | tiff
      t.integer('original_bytes').notNullable();
      t.string('resolution', 16).notNullable(); // standard | fine
      t.integer('pages').notNullable();
      t.integer('tiff_bytes').notNullable();
      t.string('file', 300).notNullable();
      t.string('created_by', 100).nullable();
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.unique(['tenant_id', 'code']);
    });
    await knex.schema.createTable('fax_jobs', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('leg_id', 36).nullable(); // the call that asked for it
      t.string('number', 32).notNullable();
      t.string('document_kind', 16).notNullable(); // statement | document
      t.string('document_label', 200).notNullable(); // masked account or document title
      t.string('document_id', 36).nullable();
      t.string('file', 300).notNullable(); // the job's own copy of what it sends
      t.integer('pages').notNullable();
      t.string('status', 16).notNullable(); // queued | running | sent | failed | cancelled
      t.integer('attempts').notNullable();
      t.integer('max_attempts').notNullable();
      t.integer('retry_interval_ms').notNullable();
      t.datetime('next_attempt_at', { precision: 3 }).nullable();
      t.string('last_outcome', 16).nullable(); // outcome of the last attempt (see faxes.status)
      t.string('last_error', 200).nullable();
      t.integer('last_t30_code').nullable();
      t.string('last_fax_id', 36).nullable();
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.datetime('finished_at', { precision: 3 }).nullable();
      t.index(['tenant_id', 'created_at']);
      t.index(['status', 'next_attempt_at']);
    });
    await knex.schema.createTable('faxes', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('direction', 16).notNullable(); // inbound | outbound
      t.string('origin', 24).notNullable(); // dialed | cng | to-caller | job
      t.string('leg_id', 36).nullable();
      t.string('job_id', 36).nullable();
      t.integer('attempt').nullable();
      t.string('calling', 64).nullable();
      t.string('called', 64).nullable();
      t.integer('span').nullable();
      t.integer('channel').nullable();
      t.string('document_kind', 16).nullable(); // outbound: statement | document
      t.string('document_label', 200).nullable();
      t.string('document_id', 36).nullable();
      t.string('file', 300).nullable(); // the TIFF sent or received
      // running | ok | failed | busy | no-answer | call-failed (outbound: the call never connected)
      t.string('status', 16).notNullable();
      t.integer('pages').notNullable();
      t.integer('pages_in_document').nullable();
      t.integer('x_res').nullable();
      t.integer('y_res').nullable();
      t.integer('bit_rate').nullable();
      t.boolean('ecm').nullable();
      t.integer('t30_code').nullable();
      t.string('t30_text', 200).nullable();
      t.string('remote_ident', 64).nullable();
      t.integer('cause').nullable(); // Q.850, when the call failed or ended
      t.integer('duration_ms').nullable();
      t.datetime('started_at', { precision: 3 }).notNullable();
      t.datetime('ended_at', { precision: 3 }).nullable();
      t.index(['tenant_id', 'started_at']);
      t.index(['job_id']);
    });
    await knex.schema.createTable('fax_pages', (t) => {
      t.string('fax_id', 36).notNullable().references('id').inTable('faxes');
      t.integer('page').notNullable(); // 1-based
      t.integer('width').notNullable();
      t.integer('height').notNullable();
      t.string('png_file', 300).notNullable();
      t.primary(['fax_id', 'page']);
    });
  },
  async down(knex: Knex) {
    for (const table of ['fax_pages', 'faxes', 'fax_jobs', 'fax_documents']) await knex.schema.dropTable(table);
  },
};
