/**
 * The one error type a service throws when it refuses a request: a stable lower_snake_case
 * `code` (what clients switch on) and a `kind` (what sort of refusal it is). A domain error
 * knows nothing about HTTP; the error middleware maps its kind to a status, and the OpenAPI
 * document lists the codes each route may answer.
 *
 * Every code is declared once, with its kind, in a code table of its module
 * (`defineErrorCodes`); the tables register into one catalog so that a test can check that
 * every code is well formed and documented.
 */

/** What sort of refusal: the error middleware turns each into one HTTP status. */
export const errorKinds = [
  /** The request cannot be read (malformed body, aborted upload). */
  'malformed',
  /** The request is well formed but its content is refused (validation, policy). */
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  /** The request clashes with the current state (already exists, wrong state, in use). */
  'conflict',
  /** What was asked for existed once and was deleted for good. */
  'gone',
  'too_large',
  'unsupported_media_type',
  /** The account is locked for a while; `retryAfterSeconds` says how long. */
  'locked',
  /** Too many requests of this sort for now; `retryAfterSeconds` says when to try again. */
  'too_many_requests',
  /** A part of the server needed for this request is not running or not reachable. */
  'unavailable',
  /** Something outside the server (a phone, the network) did not do what was asked. */
  'upstream_failed',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

/** One answerable error code and its kind. */
export interface ErrorSpec<C extends string = string, K extends ErrorKind = ErrorKind> {
  readonly code: C;
  readonly kind: K;
}

/** The specs of one module's code table, by code. */
export type ErrorCodes<T extends Record<string, ErrorKind>> = { readonly [C in keyof T & string]: ErrorSpec<C, T[C]> };

export interface ErrorDetail {
  path: string;
  message: string;
}

const LOWER_SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

const catalog = new Map<string, ErrorSpec & { owner: string }>();

/**
 * Declares a module's error codes with their kinds and registers them in the catalog.
 * Returns the specs by code, for error classes to look up and routes to list.
 */
export function defineErrorCodes<const T extends Record<string, ErrorKind>>(owner: string, table: T): ErrorCodes<T> {
  const specs: Record<string, ErrorSpec> = {};
  for (const [code, kind] of Object.entries(table)) {
    if (!LOWER_SNAKE.test(code)) throw new Error(`error code ${code} (${owner}) is not lower_snake_case`);
    const known = catalog.get(code);
    if (known && (known.kind !== kind || known.owner !== owner)) throw new Error(`error code ${code} of ${owner} is already declared by ${known.owner}`);
    catalog.set(code, { code, kind, owner });
    specs[code] = Object.freeze({ code, kind });
  }
  return Object.freeze(specs) as ErrorCodes<T>;
}

/** Every declared code, with its kind and the module that declared it. */
export function errorCatalog(): ReadonlyArray<ErrorSpec & { owner: string }> {
  return [...catalog.values()];
}

export function isLowerSnakeCase(code: string): boolean {
  return LOWER_SNAKE.test(code);
}

export interface DomainErrorOptions {
  /** Which fields are wrong and why (validation). */
  details?: ErrorDetail[];
  /** For `locked` and `unavailable`: when trying again makes sense. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: ErrorDetail[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(spec: ErrorSpec, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = spec.code;
    this.kind = spec.kind;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
