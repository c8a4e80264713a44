/**
 * Business result codes: the core answered, and the answer is "no".
 *
 * These are results, not exceptions: every operation resolves to `{ ok: false, code }` for them.
 * The codes are stable strings (the IVR picks its prompt by code, reports count by code); the
 * descriptions are for the back office and logs, never read to callers verbatim.
 */
export const businessCodes = [
  'WRONG_PASSWORD',
  'PASSWORD_LOCKED',
  'WEAK_PASSWORD',
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_FROZEN',
  'ACCOUNT_REPORTED_LOST',
  'ACCOUNT_CLOSED',
  'SESSION_INVALID',
  'NOT_SIGNED',
  'NOT_ALLOWED',
  'INSUFFICIENT_FUNDS',
  'LIMIT_EXCEEDED',
  'SAME_ACCOUNT',
  'ID_REQUIRED',
  'ID_MISMATCH',
  'NO_SUCH_BILL',
  'BILL_ALREADY_PAID',
  'AMOUNT_MISMATCH',
  'IDEMPOTENCY_CONFLICT',
  'NO_SUCH_CUSTOMER',
  'INVALID_REQUEST',
] as const;

export type BusinessCode = (typeof businessCodes)[number];

export const businessCodeDescriptions: Readonly<Record<BusinessCode, { zh: string; en: string }>> = {
  WRONG_PASSWORD: { zh: '密码错误', en: 'Wrong PIN or password' },
  PASSWORD_LOCKED: { zh: '密码错误次数过多，已锁定', en: 'Too many wrong attempts; locked' },
  WEAK_PASSWORD: { zh: '新密码过于简单', en: 'New password is too simple' },
  ACCOUNT_NOT_FOUND: { zh: '账户不存在', en: 'No such account' },
  ACCOUNT_FROZEN: { zh: '账户已冻结', en: 'Account is frozen' },
  ACCOUNT_REPORTED_LOST: { zh: '账户已挂失', en: 'Account has been reported lost' },
  ACCOUNT_CLOSED: { zh: '账户已销户', en: 'Account is closed' },
  SESSION_INVALID: { zh: '会话无效或已过期', en: 'Session invalid or expired' },
  NOT_SIGNED: { zh: '非签约客户，不能办理此业务', en: 'Only signed customers may do this' },
  NOT_ALLOWED: { zh: '该客户类别不能办理此业务', en: 'Not allowed for this customer class' },
  INSUFFICIENT_FUNDS: { zh: '余额不足', en: 'Insufficient funds' },
  LIMIT_EXCEEDED: { zh: '超过限额', en: 'Limit exceeded' },
  SAME_ACCOUNT: { zh: '转出转入账户相同', en: 'From and to accounts are the same' },
  ID_REQUIRED: { zh: '需要证件类型和证件号码', en: 'ID type and number required' },
  ID_MISMATCH: { zh: '证件信息不符', en: 'ID does not match the account holder' },
  NO_SUCH_BILL: { zh: '无此缴费号码', en: 'No such bill account' },
  BILL_ALREADY_PAID: { zh: '无欠费', en: 'Nothing owed' },
  AMOUNT_MISMATCH: { zh: '缴费金额与欠费金额不符', en: 'Amount does not match the amount owed' },
  IDEMPOTENCY_CONFLICT: { zh: '交易流水号重复', en: 'Idempotency key reused with different details' },
  NO_SUCH_CUSTOMER: { zh: '无此客户', en: 'No such customer' },
  INVALID_REQUEST: { zh: '请求不合法', en: 'Request rejected by the core' },
};
