/**
 * IVR flows over HTTP: list, read, versions, save (every save a new version; refused with the
 * node and field named when the flow is not valid), activate any version (roll back), and a
 * dry-run validation for the flow editor. Calls in progress keep the version they started
 * with; new calls take the active one (src/ivr/engine/flow-registry.ts).
 */
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { idParams, isoTime, pageOf, pageQueryShape, tenantQueryShape } from '../../http/schemas.js';
import { FlowName } from '../engine/flow-schema.js';
import { describeIssue, validateFlow, type FlowIssue } from '../engine/flow-validation.js';
import { flowsRepo } from '../store/flows-repo.js';
import { platformErrors } from '../../http/errors.js';

const flowSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    name: z.string(),
    activeVersion: z.number().int().nullable().describe('the version new calls get'),
    latestVersion: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .strict();

const versionSummarySchema = z
  .object({
    id: z.uuid(),
    flowId: z.uuid(),
    version: z.number().int(),
    comment: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: isoTime,
  })
  .strict();

const versionSchema = versionSummarySchema.extend({ definition: z.unknown().describe('the flow (see src/ivr/engine/README.md)') }).strict();

const exampleFlow = {
  start: 'hello',
  nodes: {
    hello: { type: 'play', prompts: ['welcome'], next: 'bye' },
    bye: { type: 'hangup', prompts: ['goodbye'] },
  },
};

/** 422 with one detail per problem: path into the body, and the node and field in words. */
function invalidFlow(issues: FlowIssue[]): ValidationError {
  return new ValidationError(
    `the flow is not valid: ${describeIssue(issues[0]!)}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
    issues.map((issue) => ({ path: `body.definition.${issue.path}`, message: describeIssue(issue) })),
  );
}

const definitionBody = z.record(z.string(), z.unknown()).describe('the flow: { start, defaults?, nodes }');

export const flowRoutes: AnyRoute[] = [
  defineRoute({
    id: 'ivrFlows.list',
    method: 'GET',
    path: '/ivr/flows',
    resource: 'ivrFlows',
    summary: 'IVR flows of the tenant, with their active and latest versions',
    access: 'ivr:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, name: FlowName.optional() }).strict(),
    response: pageOf(flowSchema),
    handler: async ({ db, query, scopeTenant }) => flowsRepo.list(db, scopeTenant(query.tenantId), query, query.name ? { name: query.name } : {}),
  }),
  defineRoute({
    id: 'ivrFlows.get',
    method: 'GET',
    path: '/ivr/flows/:id',
    resource: 'ivrFlows',
    summary: 'One flow and its active version',
    access: 'ivr:read',
    errors: [platformErrors.not_found],
    params: idParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: flowSchema.extend({ active: versionSchema.nullable() }).strict(),
    handler: async ({ db, params, query, scopeTenant }) => {
      const tenantId = scopeTenant(query.tenantId);
      const flow = await flowsRepo.get(db, tenantId, params.id);
      if (!flow) throw new NotFoundError('flow');
      const active = flow.activeVersion === null ? undefined : await flowsRepo.versionByNumber(db, tenantId, flow.id, flow.activeVersion);
      return { ...flow, active: active ? stripTenant(active) : null };
    },
  }),
  defineRoute({
    id: 'ivrFlows.versions',
    method: 'GET',
    path: '/ivr/flows/:id/versions',
    resource: 'ivrFlows',
    summary: 'Every saved version of a flow, newest first',
    access: 'ivr:read',
    errors: [platformErrors.not_found],
    params: idParams,
    query: z.object({ ...pageQueryShape, ...tenantQueryShape }).strict(),
    response: pageOf(versionSummarySchema),
    handler: async ({ db, params, query, scopeTenant }) => {
      const tenantId = scopeTenant(query.tenantId);
      if (!(await flowsRepo.get(db, tenantId, params.id))) throw new NotFoundError('flow');
      return flowsRepo.versions(db, tenantId, params.id, query);
    },
  }),
  defineRoute({
    id: 'ivrFlowVersions.get',
    method: 'GET',
    path: '/ivr/flow-versions/:id',
    resource: 'ivrFlowVersions',
    summary: 'One saved version of a flow, with its definition',
    access: 'ivr:read',
    errors: [platformErrors.not_found],
    params: idParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: versionSchema,
    handler: async ({ db, params, query, scopeTenant }) => {
      const version = await flowsRepo.version(db, scopeTenant(query.tenantId), params.id);
      if (!version) throw new NotFoundError('flow version');
      return stripTenant(version);
    },
  }),
  defineRoute({
    id: 'ivrFlows.save',
    method: 'POST',
    path: '/ivr/flows',
    resource: 'ivrFlows',
    summary: 'Save a flow as a new version (creating the flow on its first save); optionally make it active',
    description: 'A flow that is not valid is refused with 422; each detail names the node and the field.',
    access: 'ivr:write',
    query: z.object({ ...tenantQueryShape }).strict(),
    body: z
      .object({
        name: FlowName,
        definition: definitionBody,
        comment: z.string().max(500).optional(),
        activate: z.boolean().default(false).describe('new calls get this version at once'),
      })
      .strict(),
    response: z.object({ flow: flowSchema, version: versionSummarySchema }).strict(),
    successStatus: 201,
    example: { body: { name: 'example', definition: exampleFlow, comment: 'a greeting', activate: false } },
    handler: async ({ db, body, query, scopeTenant, principal, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      const checked = validateFlow(body.definition);
      if (!checked.ok) throw invalidFlow(checked.issues);
      const saved = await flowsRepo.saveVersion(db, {
        tenantId,
        name: body.name,
        definition: body.definition,
        comment: body.comment ?? null,
        createdBy: principal?.name ?? null,
        activate: body.activate,
      });
      await audit({
        targetType: 'ivrFlow',
        targetId: saved.flow.id,
        tenantId,
        after: { name: body.name, version: saved.version.version, activated: body.activate, nodes: Object.keys(checked.flow.nodes).length },
      });
      const { tenantId: _t, definition: _d, ...summary } = saved.version;
      return { flow: saved.flow, version: summary };
    },
  }),
  defineRoute({
    id: 'ivrFlows.activate',
    method: 'PUT',
    path: '/ivr/flows/active',
    resource: 'ivrFlows',
    summary: 'Make a saved version of a flow the one new calls get (also to roll back)',
    access: 'ivr:write',
    errors: [platformErrors.not_found],
    query: z.object({ ...tenantQueryShape }).strict(),
    body: z.object({ name: FlowName, version: z.number().int().min(1) }).strict(),
    response: flowSchema,
    example: { body: { name: 'example', version: 1 } },
    handler: async ({ db, body, query, scopeTenant, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      const flow = await flowsRepo.getByName(db, tenantId, body.name);
      if (!flow) throw new NotFoundError(`flow "${body.name}"`);
      if (!(await flowsRepo.versionByNumber(db, tenantId, flow.id, body.version))) throw new NotFoundError(`version ${body.version} of flow "${body.name}"`);
      const updated = (await flowsRepo.activate(db, tenantId, flow.id, body.version))!;
      await audit({ targetType: 'ivrFlow', targetId: flow.id, tenantId, before: { name: flow.name, activeVersion: flow.activeVersion }, after: { name: flow.name, activeVersion: body.version } });
      return updated;
    },
  }),
  defineRoute({
    id: 'ivrFlows.validate',
    method: 'POST',
    path: '/ivr/flows/validate',
    resource: 'ivrFlows',
    summary: 'Check a flow without saving it (422 naming each node and field in error)',
    access: 'ivr:write',
    // Saves nothing: there is nothing to audit.
    audit: false,
    body: z.object({ definition: definitionBody }).strict(),
    response: z.object({ valid: z.literal(true), nodes: z.number().int() }).strict(),
    example: { body: { definition: exampleFlow } },
    handler: async ({ body }) => {
      const checked = validateFlow(body.definition);
      if (!checked.ok) throw invalidFlow(checked.issues);
      return { valid: true as const, nodes: Object.keys(checked.flow.nodes).length };
    },
  }),
];

function stripTenant<T extends { tenantId: string }>(value: T): Omit<T, 'tenantId'> {
  const { tenantId: _tenant, ...rest } = value;
  return rest;
}
