import { claimedPrincipal, type Debt } from '../core/debt';
import { principalBasis, reviewedAmountsOf } from '../core/ledger/basis';
import { legalDateAt } from '../core/legal-date';
import { computeLimitation } from '../core/limitation/engine';
import { assessReadiness, type IntegrityFacts, type ReadinessReport } from '../core/readiness/checks';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { Table } from '../ports/table';
import { verifyTrail } from './audit-trail';
import { readDebtFile } from './debt-file';
import type { EvidenceDocument } from './documents';
import type { ExtractionFacts } from './extraction-facts';
import { ledgerDetail } from './ledger';
import { limitationFactsOf } from './limitation';

/**
 * Verifies the seal of a sealed PDF (PAdES: digest, CMS signature, coverage). Supplied by the
 * signing service; without one, sealed documents are reported as not verified (a warning).
 */
export type SealVerifier = (pdf: Uint8Array, document: EvidenceDocument) => Promise<{ valid: boolean; detail: string }>;

/**
 * Gathers the facts of DESIGN §8 for one debt — its documents, reviewed extraction, payments,
 * limitation result, audit chain and blob verification, seals — and runs the pure checks.
 */
export class ReadinessService {
  constructor(
    private readonly table: Table,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly extraction: ExtractionFacts,
    private readonly verifySeal?: SealVerifier,
  ) {}

  async assess(debt: Debt): Promise<ReadinessReport> {
    const [file, extractions, trail] = await Promise.all([readDebtFile(this.table, debt.id), this.extraction.extractions(debt.id), verifyTrail(this.table, this.blobs, debt.id)]);
    const basis = principalBasis(reviewedAmountsOf(file.documents, extractions), debt.currency);
    const ledger = ledgerDetail(debt, basis, file.payments, file.documents);
    const sealed = file.documents.filter((d) => d.status === 'active' && !d.supersededBy && d.signedByDebtor?.method === 'sealed');
    const integrity: IntegrityFacts = {
      // `trail.valid` also covers the blobs; the chain alone is valid when no event failed.
      chain: { valid: trail.firstInvalidSeq === undefined, length: trail.length, ...(trail.firstInvalidSeq !== undefined ? { firstInvalidSeq: trail.firstInvalidSeq } : {}), ...(trail.reason ? { reason: trail.reason } : {}) },
      mismatchedDocumentIds: trail.blobs.mismatched.map((m) => m.documentId),
      blobsChecked: trail.blobs.checked,
      seals: this.verifySeal ? await Promise.all(sealed.map((document) => this.sealOf(document))) : 'not_available',
    };
    return assessReadiness({
      debtor: debt.debtor,
      jurisdiction: debt.jurisdiction,
      currency: debt.currency,
      ...(debt.assignees.collector ? { collector: debt.assignees.collector } : {}),
      claimedPrincipal: claimedPrincipal(debt),
      documents: file.documents,
      extractions,
      basis,
      payments: ledger.payments,
      outstandingOnBasis: ledger.outstandingOnBasis,
      limitation: computeLimitation(limitationFactsOf(debt, file), legalDateAt(this.clock.now(), debt.timeZone)),
      integrity,
    });
  }

  private async sealOf(document: EvidenceDocument): Promise<{ documentId: string; valid: boolean; detail: string }> {
    const bytes = await this.blobs.get(document.sha256);
    if (!bytes) return { documentId: document.id, valid: false, detail: 'the stored file is missing' };
    return { documentId: document.id, ...(await (this.verifySeal as SealVerifier)(bytes, document)) };
  }
}
