import type { DocumentExtraction, ReviewedAmount } from '../core/ledger/basis';
import { reviewedAmountsOf } from '../core/ledger/basis';
import type { Extraction } from '../core/extraction';
import type { Table } from '../ports/table';
import { readAll } from './debt-file';
import type { EvidenceDocument } from './documents';
import { SK_PREFIX, withoutKeys } from './table-layout';

/** The amounts people have confirmed on a debt's documents. */
export interface ReviewedAmounts {
  reviewedAmounts(debtId: string): Promise<ReviewedAmount[]>;
}

/** What the ledger and the readiness checks read of extraction (DESIGN §6). */
export interface ExtractionFacts extends ReviewedAmounts {
  /** Every stored extraction of the debt's documents, void ones included. */
  extractions(debtId: string): Promise<DocumentExtraction[]>;
}

/**
 * Reads extraction results where the extraction service keeps them: one item per document,
 * `sk = EXT#<documentId>` in the debt's partition, holding the `Extraction` (core/extraction.ts)
 * spread into the item plus `documentId`.
 *
 * @example
 * const amounts = await new TableExtractionFacts(table).reviewedAmounts(debtId);
 */
export class TableExtractionFacts implements ExtractionFacts {
  constructor(private readonly table: Table) {}

  async extractions(debtId: string): Promise<DocumentExtraction[]> {
    return (await readAll(this.table, debtId, SK_PREFIX.extraction)).map((item) => {
      const { documentId, ...extraction } = withoutKeys<Extraction & { documentId: string }>(item);
      return { documentId, extraction };
    });
  }

  async reviewedAmounts(debtId: string): Promise<ReviewedAmount[]> {
    const [documents, extractions] = await Promise.all([readAll(this.table, debtId, SK_PREFIX.document), this.extractions(debtId)]);
    return reviewedAmountsOf(documents.map((item) => withoutKeys<EvidenceDocument>(item)), extractions);
  }
}
