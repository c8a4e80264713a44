/** Shorthands for the generated schema's request and response bodies. */
import type { paths } from './schema.js';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer OK }
    ? Json<OK>
    : R extends { 201: infer Created }
      ? Json<Created>
      : never
  : never;

export type BodyOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

export type Me = ResponseOf<'/api/v1/auth/me', 'get'>;
export type Permission = Me['permissions'][number];
export type Role = Me['role'];
export const ROLES: readonly Role[] = ['platform_admin', 'bank_admin', 'supervisor', 'agent', 'auditor'];
