import type { LimitationEventInput, PaymentInput } from '../core/schemas';
import type { Table, TableItem, TableWrite } from '../ports/table';
import type { EvidenceDocument } from './documents';
import type { StoredExtraction } from './extraction';
import { debtPartition, SK_PREFIX, withoutKeys } from './table-layout';

/** A payment as stored (`PAY#<id>`). */
export interface StoredPayment extends PaymentInput {
  id: string;
  recordedBy: string;
  recordedAt: string;
}

/** A limitation-relevant event as stored (`LIM#<id>`). */
export interface StoredLimitationEvent extends LimitationEventInput {
  id: string;
  recordedBy: string;
  recordedAs: string;
  recordedAt: string;
}

/** What a debt's file holds besides the debt itself: the facts the engines weigh. */
export interface DebtFile {
  documents: EvidenceDocument[];
  payments: StoredPayment[];
  events: StoredLimitationEvent[];
  /** The extractions of the documents (`EXT#`): their reviewed fields bear on the period. */
  extractions: StoredExtraction[];
}

/**
 * Reads a debt's documents, payments and limitation events, as they will be once `pending`
 * writes (of a change being prepared) are applied, so that derived data can be written in the
 * same transaction as the change.
 *
 * @example
 * const file = await readDebtFile(table, debtId, [{ put: { ...keys.payment(debtId, id), ...payment } }]);
 */
export async function readDebtFile(table: Table, debtId: string, pending: readonly TableWrite[] = []): Promise<DebtFile> {
  const [documents, payments, events, extractions] = await Promise.all(
    [SK_PREFIX.document, SK_PREFIX.payment, SK_PREFIX.limitationEvent, SK_PREFIX.extraction].map(async (prefix) => applyPending(await readAll(table, debtId, prefix), pending, debtId, prefix)),
  );
  return {
    documents: (documents ?? []).map((item) => withoutKeys<EvidenceDocument>(item)),
    payments: (payments ?? []).map((item) => withoutKeys<StoredPayment>(item)),
    events: (events ?? []).map((item) => withoutKeys<StoredLimitationEvent>(item)),
    extractions: (extractions ?? []).map((item) => withoutKeys<StoredExtraction>(item)),
  };
}

/** Every item of a debt's partition whose sort key starts with `prefix`, in key order. */
export async function readAll(table: Table, debtId: string, prefix: string): Promise<TableItem[]> {
  const items: TableItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await table.query(debtPartition(debtId), { beginsWith: prefix, limit: 1000, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

function applyPending(items: TableItem[], pending: readonly TableWrite[], debtId: string, prefix: string): TableItem[] {
  const bySortKey = new Map(items.map((item) => [item.sk, item]));
  for (const write of pending) {
    const key = 'put' in write ? write.put : write.delete;
    if (key.pk !== debtPartition(debtId) || !key.sk.startsWith(prefix)) continue;
    if ('put' in write) bySortKey.set(key.sk, write.put);
    else bySortKey.delete(key.sk);
  }
  return [...bySortKey.values()].sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
}
