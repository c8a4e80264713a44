/**
 * Which request fields are PINs or passwords, and which number each is bound to in its PIN
 * block. With PIN blocks on, each `<field>` travels as `<field>Block` (hex).
 */
import type { OperationName } from '../core-banking.js';

export interface SecretField {
  /** The clear field (`pin`, `password`...). */
  field: string;
  /** The field holding the account the block is bound to. */
  account: string;
}

export const secretFields: Partial<Record<OperationName, readonly SecretField[]>> = {
  verifyPassbook: [{ field: 'password', account: 'account' }],
  verifyCard: [{ field: 'pin', account: 'cardNumber' }],
  verifySignedCustomer: [{ field: 'password', account: 'customerNumber' }],
  verifyCorporate: [{ field: 'queryPassword', account: 'shortAccount' }],
  changePassword: [
    { field: 'oldPassword', account: 'account' },
    { field: 'newPassword', account: 'account' },
  ],
};

export const blockFieldName = (field: string): string => `${field}Block`;
