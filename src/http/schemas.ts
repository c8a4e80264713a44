/**
 * Schema pieces shared by routes: paging, ids, times, the error body.
 */
import { z } from 'zod';

export const isoTime = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');
export const uuid = z.uuid();

export const idParams = z.object({ id: z.uuid() }).strict();

/** Every list takes limit (1–500, default 50) and offset. */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
};

/** Platform administrators may look into another tenant with ?tenantId=; others may not. */
export const tenantQueryShape = {
  tenantId: z.uuid().optional().describe('platform administrators only: the tenant to look into'),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z
    .object({
      items: z.array(item),
      limit: z.number().int(),
      offset: z.number().int(),
      nextOffset: z.number().int().nullable(),
    })
    .strict();
}

export const errorBodySchema = z
  .object({
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        details: z.array(z.object({ path: z.string(), message: z.string() }).strict()).optional(),
      })
      .strict(),
  })
  .strict();
