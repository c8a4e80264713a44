/**
 * The bank tenant a fresh installation starts with, so that a single-bank
 * install works out of the box: the default dial plan files its calls here.
 * Platform administrators rename it or add more tenants (multi-bank platforms).
 */
export const DEFAULT_BANK_TENANT_ID = '00000000-0000-4000-8000-000000000001';
export const DEFAULT_BANK_TENANT_CODE = 'bank';
