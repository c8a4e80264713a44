/**
 * The platform tenant: the operator of the whole installation. Platform administrators belong
 * to it and manage the bank tenants; it holds no call data of its own.
 */
export const PLATFORM_TENANT_ID = '00000000-0000-4000-8000-000000000000';
export const PLATFORM_TENANT_CODE = 'platform';
