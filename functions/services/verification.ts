import { createHash } from 'node:crypto';
import { NotFoundError, UnsupportedMediaError } from '../core/errors';
import type { Principal } from '../core/roles';
import type { Table } from '../ports/table';
import type { DebtService } from './debts';
import type { SealVerifier } from './readiness';
import { type PdfVerification, verifyPdf } from './pdf-verify';
import { blobPartition } from './table-layout';

/**
 * `POST /v1/verify` (DESIGN §4): any PDF, checked by our own verifier, and recognised if it is a
 * stored document (by its SHA-256), but only on a debt the caller may see.
 */
export class VerificationService {
  constructor(
    private readonly table: Table,
    private readonly debts: DebtService,
    /** Roots whose certificates are trusted: the local root, a configured CA, TSA roots. */
    private readonly trustedRoots: readonly Uint8Array[],
  ) {}

  async verify(user: Principal, bytes: Uint8Array): Promise<{ sha256: string; knownDocument?: { debtId: string; documentId: string } } & PdfVerification> {
    if (!Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')) throw new UnsupportedMediaError('send a PDF (application/pdf, or multipart/form-data with the file in "file")');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [report, knownDocument] = await Promise.all([verifyPdf(bytes, this.trustedRoots), this.findVisible(user, sha256)]);
    return { sha256, ...(knownDocument ? { knownDocument } : {}), ...report };
  }

  private async findVisible(user: Principal, sha256: string): Promise<{ debtId: string; documentId: string } | undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.table.query(blobPartition(sha256), { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const item of page.items) {
        try {
          await this.debts.findVisible(user, item.debtId as string);
          return { debtId: item.debtId as string, documentId: item.documentId as string };
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
      }
      cursor = page.cursor;
    } while (cursor);
    return undefined;
  }
}

/**
 * The readiness integrity check's seal verifier (DESIGN §8 check 8): a sealed PDF passes when
 * every signature verifies against the trusted roots and nothing was appended after the last.
 *
 * @example
 * const verifySeal = sealVerifierFor([localRoot]);
 * (await verifySeal(bytes)).valid // true for an untouched sealed PDF
 */
export function sealVerifierFor(trustedRoots: readonly Uint8Array[]): SealVerifier {
  return async (bytes) => {
    const report = await verifyPdf(bytes, trustedRoots);
    if (report.valid) return { valid: true, detail: `${report.signatures.length} signature(s) verified over the whole document` };
    const problems = report.signatures.flatMap((signature, i) => signature.problems.map((problem) => `signature ${i + 1}: ${problem}`));
    if (report.signatures.length === 0) problems.push('no signature found');
    if (report.bytesAfterLastSignature > 0) problems.push(`${report.bytesAfterLastSignature} bytes were added after the last signature`);
    return { valid: false, detail: problems.join('; ') || 'the seal does not verify' };
  };
}
