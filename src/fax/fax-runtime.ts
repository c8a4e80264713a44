/**
 * The fax layer as the rest of the server finds it: services.fax (routes, tests, benchmark)
 * and services.faxes (the FaxPort the IVR calls, telephony/ports.ts).
 */
import type { BankFaxPort } from './fax-port.js';
import type { FaxFiles } from './fax-files.js';
import type { FaxJobRunner } from './fax-job-runner.js';
import type { FaxOnDemand } from './fax-on-demand.js';
import type { FaxRetention } from './fax-retention.js';
import type { FaxService } from './fax-service.js';
import type { FaxSettings } from './fax-settings.js';

export interface FaxRuntime {
  service: FaxService;
  port: BankFaxPort;
  onDemand: FaxOnDemand;
  /** Runs queued outbound jobs; undefined without a card. */
  runner: FaxJobRunner | undefined;
  files: FaxFiles;
  settings: FaxSettings;
  /** Deletes fax files older than settings.retentionDays (hourly; `sweep(now)` for tests). */
  retention: FaxRetention;
}

declare module '../services.js' {
  interface AppServices {
    /** The fax layer (set by the fax module). */
    fax?: FaxRuntime;
  }
}
