/**
 * How the bank's faxes behave: our T.30 identity, ECM, modem rates, the retries of outbound
 * jobs, the resolution of what we draw, how long fax files are kept. Passed to faxModule();
 * every key has a default.
 */
import { z } from 'zod';

const bitRate = z.union([z.literal(14400), z.literal(12000), z.literal(9600), z.literal(7200), z.literal(4800)]);

export const faxSettingsSchema = z
  .object({
    /** Our TSI/CSI: what the far machine prints and shows (printable ASCII, at most 20). */
    ident: z.string().regex(/^[\x20-\x7e]{0,20}$/).default('TELLERLINE BANK'),
    /**
     * A header line printed above each page we send (at most 50 characters). Empty: none, so
     * the pages arrive exactly as drawn.
     */
    header: z.string().regex(/^[\x20-\x7e]{0,50}$/).default(''),
    /** Offer and accept error correction mode. */
    ecm: z.boolean().default(true),
    /** Fastest modem we offer when sending (V.17 at 14400). */
    sendMaxBitRate: bitRate.default(14400),
    /**
     * Fastest modem we accept when receiving. 9600 (V.29): spandsp 0.0.6's V.17 receiver fails
     * to train for the page too often (native/dsp/fax_session.h).
     */
    receiveMaxBitRate: z.union([bitRate, z.literal(2400)]).default(9600),
    /** Faxed statements and converted uploads: standard (204x98) or fine (204x196). */
    resolution: z.enum(['standard', 'fine']).default('fine'),
    /** A statement request without a start date covers this many days up to today. */
    statementDays: z.number().int().min(1).max(366).default(30),
    jobs: z
      .object({
        /** Attempts in all (the first and the retries) before a job fails. */
        maxAttempts: z.number().int().min(1).max(10).default(3),
        /** Engine time between attempts. */
        retryIntervalMs: z.number().int().min(1000).max(24 * 3600_000).default(5 * 60_000),
        /** Outbound fax calls at once; more jobs wait their turn. */
        maxConcurrent: z.number().int().min(1).max(240).default(8),
        /** How long the number may ring before the attempt counts as no answer. */
        ringTimeoutMs: z.number().int().min(1000).max(300_000).default(60_000),
        /** The calling number we present (empty: the trunk's default). */
        callingNumber: z.string().regex(/^[0-9]{0,20}$/).default(''),
      })
      .strict()
      .prefault({}),
    /**
     * Days the files of a fax (received TIFF and PNG pages, what was sent, a finished job's copy
     * of its document) are kept; an hourly sweep deletes older ones and marks their rows
     * purged (the rows stay). 0: kept forever, the default -- deleting customers' documents is
     * the bank's decision under its own retention rules, never a side effect of an upgrade.
     * Fax-on-demand documents are never purged.
     */
    retentionDays: z.number().int().min(0).max(36_500).default(0).describe('days fax files are kept (0: forever); older ones are deleted hourly, their records kept'),
    /** Largest upload for fax on demand. */
    maxUploadBytes: z.number().int().min(1024).max(200 * 1024 * 1024).default(30 * 1024 * 1024),
  })
  .strict();

export type FaxSettings = z.output<typeof faxSettingsSchema>;
export type FaxSettingsInput = z.input<typeof faxSettingsSchema>;
