/**
 * The Table port: the single-table layout of DESIGN §3, as DynamoDB offers it and SQLite mirrors
 * it. Items are JSON objects keyed by `pk` + `sk`; secondary indexes are sparse and keyed by the
 * attribute pairs below. Writes happen in all-or-nothing transactions with per-item conditions.
 */
export interface TableKey {
  pk: string;
  sk: string;
}

export interface TableItem extends TableKey {
  [attribute: string]: unknown;
}

/**
 * Secondary indexes: an item appears in one when it has both of the index's key attributes, as
 * strings (as in DynamoDB, whose index keys here are of type S).
 */
export const TABLE_INDEXES = {
  /** Debts by assignee: `ASSIGNEE#<role>` items, partition `USER#<id>`. */
  byAssignee: { pk: 'gsi1pk', sk: 'gsi1sk' },
  /** Debts by limitation expiry date: META items, partition `EXPIRY`, sort `<date>#<debtId>`. */
  byExpiry: { pk: 'gsi2pk', sk: 'gsi2sk' },
  /** Signing token lookup by token hash. */
  byToken: { pk: 'gsi3pk', sk: 'gsi3sk' },
  /** Every item of a kind (all debts, newest last: ids sort by time). */
  byKind: { pk: 'gsi4pk', sk: 'gsi4sk' },
} as const;
export type IndexName = keyof typeof TABLE_INDEXES;

/** A write succeeds only if its condition holds when the transaction commits. */
export type WriteCondition =
  | { absent: true }
  | { attribute: string; equals: string | number | boolean }
  /** The item exists and lacks the attribute. */
  | { attribute: string; missing: true };

export type TableWrite =
  | { put: TableItem; condition?: WriteCondition }
  | { delete: TableKey; condition?: WriteCondition };

export interface QueryOptions {
  /** At most this many items (1–1000). */
  limit: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
  /** Only sort keys starting with this prefix. */
  beginsWith?: string;
  /** Only sort keys between these two, inclusive. */
  between?: [string, string];
  /** Newest / highest first. */
  descending?: boolean;
}

export interface TablePage {
  items: TableItem[];
  /** Present when more items may follow. */
  cursor?: string;
}

/** Most writes one transaction may carry (DynamoDB's limit). */
export const MAX_TRANSACTION_WRITES = 100;

/** A transaction whose conditions did not hold; nothing of it was written. */
export class TransactionConflictError extends Error {
  constructor(
    /** Positions, in the write list, of the writes whose condition failed. */
    readonly failedWrites: number[],
  ) {
    super(`transaction conditions failed at writes ${failedWrites.join(', ')}`);
    this.name = 'TransactionConflictError';
  }
}

/** A cursor that this table did not issue, or that belongs to another query. */
export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not valid for this list');
    this.name = 'InvalidCursorError';
  }
}

export interface Table {
  /** One item, strongly consistent. */
  get(key: TableKey): Promise<TableItem | undefined>;
  /** Several items; missing ones are left out, order follows `keys`. */
  getMany(keys: readonly TableKey[]): Promise<TableItem[]>;
  /** Items of one partition in sort-key order. */
  query(pk: string, options: QueryOptions): Promise<TablePage>;
  /** Items of one index partition in index sort-key order (eventually consistent on DynamoDB). */
  queryIndex(index: IndexName, pk: string, options: QueryOptions): Promise<TablePage>;
  /** All writes or none; throws {@link TransactionConflictError} when a condition fails. */
  transact(writes: readonly TableWrite[]): Promise<void>;
}
