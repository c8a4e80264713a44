/**
 * Errors of the fax document functions. `code` is stable (the web admin and the fax
 * scheduler switch on it); `message` is written for a bank administrator and never
 * contains document content, account numbers or file paths; `messageZh` says the same
 * in Chinese for the back office.
 */
import { DomainError, defineErrorCodes } from '../../http/domain-error.js';

/** The kinds say whose fault it is: the file's (invalid, too large) or the converter's (unavailable). */
export const faxDocumentErrors = defineErrorCodes('fax/documents', {
  fax_doc_not_found: 'invalid',
  fax_doc_unsupported: 'invalid',
  fax_doc_corrupt: 'invalid',
  fax_doc_encrypted: 'invalid',
  fax_doc_empty: 'invalid',
  fax_doc_too_many_pages: 'invalid',
  fax_doc_too_large: 'too_large',
  fax_doc_invalid_data: 'invalid',
  fax_doc_timeout: 'unavailable',
  fax_doc_worker_failed: 'unavailable',
  fax_doc_render_failed: 'invalid',
});

export type FaxDocumentErrorCode = keyof typeof faxDocumentErrors;

const CHINESE: Record<FaxDocumentErrorCode, string> = {
  fax_doc_not_found: '找不到该文件。',
  fax_doc_unsupported: '不支持该文件格式，请上传 PDF、PNG、JPEG 或 TIFF 文件。',
  fax_doc_corrupt: '文件已损坏或无法读取，请重新导出后再上传。',
  fax_doc_encrypted: 'PDF 文件受密码保护，请上传未加密的版本。',
  fax_doc_empty: '文件中没有可传真的页面。',
  fax_doc_too_many_pages: '文件页数超过传真允许的上限。',
  fax_doc_too_large: '文件太大，无法传真。',
  fax_doc_invalid_data: '对账单数据不完整或不正确。',
  fax_doc_timeout: '文件处理超时，请稍后重试或上传更简单的文件。',
  fax_doc_worker_failed: '传真文件处理服务意外中断，请重试。',
  fax_doc_render_failed: '传真文件生成失败。',
};

export class FaxDocumentError extends DomainError {
  override readonly name = 'FaxDocumentError';
  declare readonly code: FaxDocumentErrorCode;
  readonly messageZh: string;
  /** Technical detail for the server log (tool output, library message); never shown to users. */
  readonly detail: string | undefined;

  constructor(code: FaxDocumentErrorCode, message: string, detail?: string) {
    super(faxDocumentErrors[code], message);
    this.messageZh = CHINESE[code];
    this.detail = detail;
  }
}

/** Plain form that crosses the worker pipe. */
export interface SerializedFaxDocumentError {
  code: FaxDocumentErrorCode;
  message: string;
  detail?: string;
}

export function serializeError(error: unknown): SerializedFaxDocumentError {
  if (error instanceof FaxDocumentError) {
    return { code: error.code, message: error.message, ...(error.detail ? { detail: error.detail } : {}) };
  }
  return {
    code: 'fax_doc_render_failed',
    message: 'The fax document could not be produced.',
    detail: error instanceof Error ? error.message : String(error),
  };
}

export function deserializeError(error: SerializedFaxDocumentError): FaxDocumentError {
  return new FaxDocumentError(error.code, error.message, error.detail);
}
