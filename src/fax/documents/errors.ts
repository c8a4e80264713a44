/**
 * Errors of the fax document functions. `code` is stable (the web admin and the fax
 * scheduler switch on it); `message` is written for a bank administrator and never
 * contains document content, account numbers or file paths; `messageZh` says the same
 * in Chinese for the back office.
 */

export type FaxDocumentErrorCode =
  | 'FAX_DOC_NOT_FOUND'
  | 'FAX_DOC_UNSUPPORTED'
  | 'FAX_DOC_CORRUPT'
  | 'FAX_DOC_ENCRYPTED'
  | 'FAX_DOC_EMPTY'
  | 'FAX_DOC_TOO_MANY_PAGES'
  | 'FAX_DOC_TOO_LARGE'
  | 'FAX_DOC_INVALID_DATA'
  | 'FAX_DOC_TIMEOUT'
  | 'FAX_DOC_WORKER_FAILED'
  | 'FAX_DOC_RENDER_FAILED';

const CHINESE: Record<FaxDocumentErrorCode, string> = {
  FAX_DOC_NOT_FOUND: '找不到该文件。',
  FAX_DOC_UNSUPPORTED: '不支持该文件格式，请上传 PDF、PNG、JPEG 或 TIFF 文件。',
  FAX_DOC_CORRUPT: '文件已损坏或无法读取，请重新导出后再上传。',
  FAX_DOC_ENCRYPTED: 'PDF 文件受密码保护，请上传未加密的版本。',
  FAX_DOC_EMPTY: '文件中没有可传真的页面。',
  FAX_DOC_TOO_MANY_PAGES: '文件页数超过传真允许的上限。',
  FAX_DOC_TOO_LARGE: '文件太大，无法传真。',
  FAX_DOC_INVALID_DATA: '对账单数据不完整或不正确。',
  FAX_DOC_TIMEOUT: '文件处理超时，请稍后重试或上传更简单的文件。',
  FAX_DOC_WORKER_FAILED: '传真文件处理服务意外中断，请重试。',
  FAX_DOC_RENDER_FAILED: '传真文件生成失败。',
};

export class FaxDocumentError extends Error {
  override readonly name = 'FaxDocumentError';
  readonly code: FaxDocumentErrorCode;
  readonly messageZh: string;
  /** Technical detail for the server log (tool output, library message); never shown to users. */
  readonly detail: string | undefined;

  constructor(code: FaxDocumentErrorCode, message: string, detail?: string) {
    super(message);
    this.code = code;
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
    code: 'FAX_DOC_RENDER_FAILED',
    message: 'The fax document could not be produced.',
    detail: error instanceof Error ? error.message : String(error),
  };
}

export function deserializeError(error: SerializedFaxDocumentError): FaxDocumentError {
  return new FaxDocumentError(error.code, error.message, error.detail);
}
