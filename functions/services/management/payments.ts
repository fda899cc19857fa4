import type { RecoveredPayment } from '../../core/management/commissions';
import type { LegalDate } from '../../core/legal-date';
import type { Table, TableKey } from '../../ports/table';
import { KIND_PAYMENT, keys } from '../table-layout';

/**
 * The payments dated `from`–`to` (inclusive), from the byKind payment index, each marked evidenced
 * when it names an active `payment_record` document (the measures pay commission only on amounts
 * actually recovered; the payment record is the proof).
 *
 * @example
 * await paymentsBetween(table, '2026-01-01', '2026-12-31')
 */
export async function paymentsBetween(table: Table, from: LegalDate, to: LegalDate): Promise<RecoveredPayment[]> {
  const stored: Array<{ id: string; debtId: string; date: string; amount: string; documentId?: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await table.queryIndex('byKind', KIND_PAYMENT, { limit: 1000, between: [from, `${to}#\u{10FFFF}`], ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      const debtId = (item.pk as string).slice('DEBT#'.length);
      stored.push({ id: item.id as string, debtId, date: item.date as string, amount: item.amount as string, ...(item.documentId ? { documentId: item.documentId as string } : {}) });
    }
    cursor = page.cursor;
  } while (cursor);
  const proofs = new Set<string>();
  const wanted: TableKey[] = stored.filter((p) => p.documentId).map((p) => keys.document(p.debtId, p.documentId as string));
  for (let i = 0; i < wanted.length; i += 100) {
    for (const document of await table.getMany(wanted.slice(i, i + 100))) {
      if (document.type === 'payment_record' && document.status === 'active') proofs.add(`${document.pk as string}|${document.sk as string}`);
    }
  }
  return stored.map(({ documentId, ...payment }) => ({
    ...payment,
    evidenced: documentId !== undefined && proofs.has(`${keys.document(payment.debtId, documentId).pk}|${keys.document(payment.debtId, documentId).sk}`),
  }));
}
