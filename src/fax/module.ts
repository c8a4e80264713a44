/**
 * Plugs the fax layer into the server (createServer's `modules`, after telephony):
 *
 *   - services.faxes: the FaxPort for the IVR (statement by fax, fax on demand, fax jobs),
 *     plus receiveFromCaller for calls where CNG was heard (see telephony/fax-tone.ts);
 *   - the 'fax-receive' dial plan target;
 *   - the outbound job runner (started with the server, stopped before the calls drain);
 *   - the hourly retention sweep of fax files (fax.retentionDays; stopped with the runner);
 *   - the HTTP routes (routes/fax-routes.ts) and fax metrics;
 *   - services.fax for tests, the benchmark and the routes.
 *
 * Without a card (no telephony module) the routes and fax-on-demand uploads still work; faxes
 * cannot be sent or received and queued jobs wait.
 */
import type { AppServices } from '../services.js';
import { dataPaths } from '../config/paths.js';
import { tenantsRepo } from '../tenants/store/tenants-repo.js';
import { isUnavailableError } from '../store/errors.js';
import { FaxDocuments } from './documents/index.js';
import { FaxDocumentSource } from './fax-document-source.js';
import { FaxFiles } from './fax-files.js';
import { FaxJobRunner } from './fax-job-runner.js';
import { FaxOnDemand } from './fax-on-demand.js';
import { FaxRetention } from './fax-retention.js';
import { BankFaxPort, type CallerFaxNumberPolicy } from './fax-port.js';
import { outsideNumberAllowed } from '../telephony/outside-numbers.js';
import { faxReceiveHandler } from './fax-receive.js';
import type { FaxRuntime } from './fax-runtime.js';
import { FaxService } from './fax-service.js';
import { faxSettingsSchema, type FaxSettingsInput } from './fax-settings.js';
import { faxRoutes } from './routes/fax-routes.js';

export interface FaxModuleOptions {
  settings?: FaxSettingsInput;
  /** The document layer (render worker); one is created (and closed at shutdown) if not given. */
  documents?: FaxDocuments;
}

export function faxModule(options: FaxModuleOptions = {}) {
  return async (services: AppServices): Promise<void> => {
    const { logger, store, bus } = services;
    const log = logger.child({ module: 'fax' });
    const settings = faxSettingsSchema.parse(options.settings ?? services.config.fax);
    const files = new FaxFiles(dataPaths(services.config).faxes);
    const documents = options.documents ?? new FaxDocuments({ maxInputBytes: settings.maxUploadBytes });
    const telephony = services.telephony;
    const now = telephony ? () => telephony.card.clock.wallTime() : () => new Date();

    const bankNames = new Map<string, string>();
    const service = new FaxService({ db: store.knex, bus, logger: log, files, pages: documents, settings, now, registry: services.metrics.registry, keepRow: (op) => services.records.activity.submit(op) });
    await service.recover();
    const source = new FaxDocumentSource({
      db: store.knex,
      files,
      renderer: documents,
      gateway: () => services.gateway,
      async bankName(tenantId) {
        // While the database is away, the name last read heads the statement.
        try {
          const name = (await tenantsRepo.get(store.knex, tenantId))?.name ?? 'Bank';
          bankNames.set(tenantId, name);
          return name;
        } catch (err) {
          const last = bankNames.get(tenantId);
          if (last === undefined || !isUnavailableError(err)) throw err;
          return last;
        }
      },
      settings,
      now,
      logger: log,
    });
    const runner = telephony ? new FaxJobRunner({ db: store.knex, faxes: service, telephony, bus, logger: log }) : undefined;
    const callerNumbers: CallerFaxNumberPolicy = {
      async allowed(tenantId, number) {
        return outsideNumberAllowed(services.config, (await tenantsRepo.get(store.knex, tenantId))?.code, number);
      },
      async audit({ tenantId, legId, number, document, allowed }) {
        await services.records.audit.write({
          tenantId,
          actorKind: 'system',
          actorName: 'ivr',
          action: 'ivr.faxToNumber',
          targetType: 'faxJobs',
          outcome: allowed ? 'ok' : 'denied',
          after: { number, legId, document, ...(allowed ? {} : { error: 'number-not-allowed' }) },
        });
      },
    };
    const port = new BankFaxPort({ faxes: service, source, runner: () => runner, callerNumbers, bus, logger: log });
    const onDemand = new FaxOnDemand({ files, converter: documents, settings, now });
    const retention = new FaxRetention({ db: store.knex, files, settings, now, logger: log });
    const runtime: FaxRuntime = { service, port, onDemand, runner, files, settings, retention };
    services.fax = runtime;
    services.faxes = port;
    if (telephony) telephony.registerHandler('fax-receive', faxReceiveHandler(port));
    // The routes may already be registered by the server itself (see the README).
    if (!services.routes.list().some((r) => r.id === 'faxes.list')) services.routes.add(...faxRoutes);

    services.lifecycle.register({
      name: 'fax-jobs',
      phase: 'intake',
      start: async () => {
        await runner?.start();
      },
      stop: async () => {
        await runner?.stop();
      },
    });
    // Stopped before the store closes, waiting for a sweep in progress.
    // Statements drawn while the database is away are headed with the name read here or since.
    services.lifecycle.register({
      name: 'fax-bank-names',
      start: async () => {
        for (let offset = 0; ; offset += 500) {
          const page = await tenantsRepo.list(store.knex, { limit: 500, offset });
          for (const tenant of page.items) bankNames.set(tenant.id, tenant.name);
          if (page.items.length < 500) break;
        }
      },
    });
    services.lifecycle.register({ name: 'fax-retention', phase: 'intake', start: () => retention.start(), stop: () => retention.stop() });
    if (!options.documents) services.lifecycle.register({ name: 'fax-documents', phase: 'close', stop: () => documents.close() });
    log.info({ dir: files.root, jobs: runner !== undefined, retentionDays: settings.retentionDays }, 'fax ready');
  };
}
