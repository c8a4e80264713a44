/**
 * Refusals of the fax service and its back-office routes, with their stable codes. What a
 * document cannot be (corrupt, too large...) is the document layer's FaxDocumentError.
 */
import { DomainError, defineErrorCodes } from '../http/domain-error.js';

export const faxErrors = defineErrorCodes('fax', {
  /** The retention sweep deleted the fax's files: the row stays, the files are gone for good. */
  fax_purged: 'gone',
  fax_document_code_taken: 'conflict',
  /** The document's TIFF is missing on the server. */
  fax_document_unavailable: 'conflict',
  fax_job_refused: 'conflict',
  fax_job_not_queued: 'conflict',
});

export type FaxErrorCode = keyof typeof faxErrors;

export class FaxError extends DomainError {
  override readonly name = 'FaxError';
  declare readonly code: FaxErrorCode;

  constructor(code: FaxErrorCode, message: string) {
    super(faxErrors[code], message);
  }
}
