import Database from 'better-sqlite3';
import {
  type IndexName,
  InvalidCursorError,
  MAX_TRANSACTION_WRITES,
  type QueryOptions,
  TABLE_INDEXES,
  type Table,
  type TableItem,
  type TableKey,
  type TablePage,
  type TableWrite,
  TransactionConflictError,
  type WriteCondition,
} from '../../ports/table';

const INDEX_NAMES = Object.keys(TABLE_INDEXES) as IndexName[];
const INDEX_COLUMNS = INDEX_NAMES.flatMap((name) => [TABLE_INDEXES[name].pk, TABLE_INDEXES[name].sk]);

/**
 * The Table port on one SQLite file (better-sqlite3, WAL). One row per item: the key, the item as
 * JSON, and a column pair per secondary index so that sparse indexes are SQL partial indexes.
 * Text compares byte-wise (BINARY collation on UTF-8), the same order DynamoDB gives.
 *
 * @example
 * const table = SqliteTable.open('./data/evidence.sqlite');
 * await table.transact([{ put: { pk: 'DEBT#1', sk: 'META', name: 'x' }, condition: { absent: true } }]);
 */
export class SqliteTable implements Table {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (and creates when new) the database at `path`; `:memory:` for tests. */
  static open(path: string): SqliteTable {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS items (
      pk TEXT NOT NULL, sk TEXT NOT NULL, body TEXT NOT NULL,
      ${INDEX_COLUMNS.map((column) => `${column} TEXT`).join(', ')},
      PRIMARY KEY (pk, sk)) WITHOUT ROWID`);
    for (const name of INDEX_NAMES) {
      const { pk, sk } = TABLE_INDEXES[name];
      db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON items (${pk}, ${sk}, pk, sk) WHERE ${pk} IS NOT NULL`);
    }
    return new SqliteTable(db);
  }

  close(): void {
    this.db.close();
  }

  /** Runs raw SQL; only for tests that must tamper with stored rows. */
  unsafeExec(sql: string, ...params: unknown[]): void {
    this.db.prepare(sql).run(...params);
  }

  async get(key: TableKey): Promise<TableItem | undefined> {
    const row = this.db.prepare('SELECT body FROM items WHERE pk = ? AND sk = ?').get(key.pk, key.sk) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as TableItem);
  }

  async getMany(keys: readonly TableKey[]): Promise<TableItem[]> {
    const statement = this.db.prepare('SELECT body FROM items WHERE pk = ? AND sk = ?');
    return keys.flatMap((key) => {
      const row = statement.get(key.pk, key.sk) as { body: string } | undefined;
      return row ? [JSON.parse(row.body) as TableItem] : [];
    });
  }

  async query(pk: string, options: QueryOptions): Promise<TablePage> {
    return this.page({ source: 'table', partitionColumn: 'pk', sortColumn: 'sk', partition: pk, tieColumns: [] }, options);
  }

  async queryIndex(index: IndexName, pk: string, options: QueryOptions): Promise<TablePage> {
    const { pk: partitionColumn, sk: sortColumn } = TABLE_INDEXES[index];
    return this.page({ source: index, partitionColumn, sortColumn, partition: pk, tieColumns: ['pk', 'sk'] }, options);
  }

  async transact(writes: readonly TableWrite[]): Promise<void> {
    if (writes.length === 0 || writes.length > MAX_TRANSACTION_WRITES) {
      throw new RangeError(`a transaction carries 1 to ${MAX_TRANSACTION_WRITES} writes, not ${writes.length}`);
    }
    const keys = writes.map((write) => ('put' in write ? write.put : write.delete));
    if (new Set(keys.map((key) => `${key.pk}\u0000${key.sk}`)).size !== keys.length) {
      throw new RangeError('a transaction may write each item once');
    }
    const read = this.db.prepare('SELECT body FROM items WHERE pk = ? AND sk = ?');
    const upsert = this.db.prepare(
      `INSERT OR REPLACE INTO items (pk, sk, body, ${INDEX_COLUMNS.join(', ')}) VALUES (?, ?, ?, ${INDEX_COLUMNS.map(() => '?').join(', ')})`,
    );
    const remove = this.db.prepare('DELETE FROM items WHERE pk = ? AND sk = ?');
    this.db.transaction(() => {
      const failed = writes.flatMap((write, position) => {
        const key = keys[position] as TableKey;
        const row = read.get(key.pk, key.sk) as { body: string } | undefined;
        return conditionHolds(write.condition, row && (JSON.parse(row.body) as TableItem)) ? [] : [position];
      });
      if (failed.length > 0) throw new TransactionConflictError(failed);
      for (const write of writes) {
        if ('put' in write) {
          const item = write.put;
          upsert.run(item.pk, item.sk, JSON.stringify(item), ...INDEX_COLUMNS.map((column) => indexValue(item[column])));
        } else {
          remove.run(write.delete.pk, write.delete.sk);
        }
      }
    }).immediate();
  }

  private page(
    shape: { source: string; partitionColumn: string; sortColumn: string; partition: string; tieColumns: string[] },
    options: QueryOptions,
  ): TablePage {
    const { source, partitionColumn, sortColumn, partition, tieColumns } = shape;
    const order = [sortColumn, ...tieColumns];
    const direction = options.descending ? 'DESC' : 'ASC';
    // As in DynamoDB, an item is in an index only when it has both of the index's key attributes.
    const where = [`${partitionColumn} = ?`, `${sortColumn} IS NOT NULL`];
    const params: unknown[] = [partition];
    // After the first page the cursor is the bound on the side the query walks from: leaving that
    // side of a range to the cursor lets SQLite seek the index by the cursor's row value, instead
    // of scanning again from the range's start on every page (quadratic over a long range).
    const walksFrom = options.cursor === undefined ? undefined : options.descending ? 'upper' : 'lower';
    const range = (lower: string | undefined, upper: string | undefined, upperInclusive: boolean) => {
      if (lower !== undefined && walksFrom !== 'lower') {
        where.push(`${sortColumn} >= ?`);
        params.push(lower);
      }
      if (upper !== undefined && walksFrom !== 'upper') {
        where.push(`${sortColumn} ${upperInclusive ? '<=' : '<'} ?`);
        params.push(upper);
      }
    };
    if (options.beginsWith !== undefined) {
      // Every key with the prefix lies in [prefix, successor of prefix): UTF-8 byte order is code point order.
      range(options.beginsWith, prefixSuccessor(options.beginsWith), false);
    }
    if (options.between) range(options.between[0], options.between[1], true);
    if (options.cursor !== undefined) {
      const after = decodeCursor(options.cursor, source, partition, order.length);
      // Row-value comparison: strictly after (or before) the last key of the previous page.
      where.push(`(${order.join(', ')}) ${options.descending ? '<' : '>'} (${order.map(() => '?').join(', ')})`);
      params.push(...after);
    }
    const limit = Math.max(1, Math.min(1000, Math.floor(options.limit)));
    const rows = this.db
      .prepare(
        `SELECT body, ${order.join(', ')} FROM items WHERE ${where.join(' AND ')} ORDER BY ${order.map((c) => `${c} ${direction}`).join(', ')} LIMIT ?`,
      )
      .all(...params, limit + 1) as Array<Record<string, string>>;
    const items = rows.slice(0, limit).map((row) => JSON.parse(row.body as string) as TableItem);
    const last = rows[limit - 1];
    return {
      items,
      ...(rows.length > limit && last ? { cursor: encodeCursor(source, partition, order.map((column) => last[column] as string)) } : {}),
    };
  }
}

/** The least string greater than every string starting with `prefix` (undefined: none is). */
function prefixSuccessor(prefix: string): string | undefined {
  const codePoints = [...prefix];
  while (codePoints.length > 0) {
    const last = (codePoints.pop() as string).codePointAt(0) as number;
    if (last < 0x10ffff) {
      // Skip the surrogate range, which holds no characters.
      return codePoints.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1);
    }
  }
  return undefined;
}

function conditionHolds(condition: WriteCondition | undefined, current: TableItem | undefined): boolean {
  if (!condition) return true;
  if ('absent' in condition) return current === undefined;
  if (current === undefined) return false;
  return 'missing' in condition ? current[condition.attribute] === undefined : current[condition.attribute] === condition.equals;
}

function indexValue(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

/** A cursor names the list it belongs to (table or index, partition) and the last key read. */
function encodeCursor(source: string, partition: string, key: string[]): string {
  return Buffer.from(JSON.stringify({ s: source, p: partition, k: key })).toString('base64url');
}

function decodeCursor(cursor: string, source: string, partition: string, length: number): string[] {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; p?: unknown; k?: unknown };
    const key = decoded.k;
    if (decoded.s === source && decoded.p === partition && Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) {
      return key as string[];
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}
