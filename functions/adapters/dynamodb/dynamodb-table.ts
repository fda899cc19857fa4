import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
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

/** BatchGetItem takes at most 100 keys per call. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 8;
/** Cancellation reasons that mean "a condition did not hold" or "another transaction held the item". */
const CONFLICT_CODES = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

const MARSHALL_OPTIONS = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;

/**
 * The Table port on one DynamoDB table (DESIGN §3), laid out as
 * {@link evidenceTableDefinition} creates it. Gets and table queries are strongly consistent;
 * index queries are eventually consistent, as the port allows. A transaction is one
 * TransactWriteItems call; a cancelled one becomes a {@link TransactionConflictError} naming the
 * writes whose condition failed, or that lost to a concurrent transaction (both are "re-read and
 * try again" for the caller).
 *
 * @example
 * const table = new DynamoDbTable(new DynamoDBClient({}), process.env.EVIDENCE_TABLE_NAME!);
 * await table.transact([{ put: { pk: 'DEBT#1', sk: 'META', name: 'x' }, condition: { absent: true } }]);
 */
export class DynamoDbTable implements Table {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async get(key: TableKey): Promise<TableItem | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshallKey(key), ConsistentRead: true }));
    return Item && (unmarshall(Item) as TableItem);
  }

  async getMany(keys: readonly TableKey[]): Promise<TableItem[]> {
    const found = new Map<string, TableItem>();
    // BatchGetItem refuses a request that names one key twice.
    const unique = [...new Map(keys.map((key) => [keyId(key), key])).values()];
    for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
      let pending: Record<string, AttributeValue>[] = unique.slice(start, start + BATCH_GET_KEYS).map(marshallKey);
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > BATCH_GET_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${BATCH_GET_ATTEMPTS} attempts`);
        if (attempt > 1) await sleep(Math.min(1000, 25 * 2 ** attempt) * Math.random());
        const answer = await this.client.send(
          new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const raw of answer.Responses?.[this.tableName] ?? []) {
          const item = unmarshall(raw) as TableItem;
          found.set(keyId(item), item);
        }
        // Throttled or over the 16 MB response limit: DynamoDB hands the rest back to retry.
        pending = answer.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return keys.flatMap((key) => {
      const item = found.get(keyId(key));
      return item ? [item] : [];
    });
  }

  async query(pk: string, options: QueryOptions): Promise<TablePage> {
    return this.page({ source: 'table', partitionAttribute: 'pk', sortAttribute: 'sk', partition: pk }, options);
  }

  async queryIndex(index: IndexName, pk: string, options: QueryOptions): Promise<TablePage> {
    const { pk: partitionAttribute, sk: sortAttribute } = TABLE_INDEXES[index];
    return this.page({ source: index, index, partitionAttribute, sortAttribute, partition: pk }, options);
  }

  async transact(writes: readonly TableWrite[]): Promise<void> {
    if (writes.length === 0 || writes.length > MAX_TRANSACTION_WRITES) {
      throw new RangeError(`a transaction carries 1 to ${MAX_TRANSACTION_WRITES} writes, not ${writes.length}`);
    }
    const keys = writes.map((write) => ('put' in write ? write.put : write.delete));
    if (new Set(keys.map(keyId)).size !== keys.length) throw new RangeError('a transaction may write each item once');
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: writes.map((write) => this.transactItem(write)) }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((reason, position) => (CONFLICT_CODES.has(reason.Code ?? '') ? [position] : []));
      // Anything else (validation, throttling, size) is not a conflict a retry with fresh reads resolves.
      const other = reasons.some((reason) => reason.Code && reason.Code !== 'None' && !CONFLICT_CODES.has(reason.Code));
      if (failed.length === 0 || other) throw error;
      throw new TransactionConflictError(failed);
    }
  }

  private transactItem(write: TableWrite): TransactWriteItem {
    const condition = write.condition && conditionExpression(write.condition);
    const conditional = condition
      ? {
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: condition.names,
          ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
        }
      : {};
    if ('put' in write) return { Put: { TableName: this.tableName, Item: marshall(write.put, MARSHALL_OPTIONS), ...conditional } };
    return { Delete: { TableName: this.tableName, Key: marshallKey(write.delete), ...conditional } };
  }

  /**
   * One page of a partition. Asks for one item more than the limit, so a cursor is handed out
   * only when more items follow; DynamoDB may stop early at 1 MB, so it keeps reading until it has
   * that many or the partition ends.
   */
  private async page(
    shape: { source: string; index?: IndexName; partitionAttribute: string; sortAttribute: string; partition: string },
    options: QueryOptions,
  ): Promise<TablePage> {
    const { source, index, partitionAttribute, sortAttribute, partition } = shape;
    const keyAttributes = index ? ['pk', 'sk', partitionAttribute, sortAttribute] : ['pk', 'sk'];
    const limit = Math.max(1, Math.min(1000, Math.floor(options.limit)));
    if (options.between && byteOrder(options.between[0], options.between[1]) > 0) return { items: [] };
    const names: Record<string, string> = { '#p': partitionAttribute };
    const values: Record<string, unknown> = { ':p': partition };
    let keyCondition = '#p = :p';
    let keep: (item: TableItem) => boolean = () => true;
    if (options.between || options.beginsWith) names['#s'] = sortAttribute;
    if (options.between) {
      keyCondition += ' AND #s BETWEEN :from AND :to';
      values[':from'] = options.between[0];
      values[':to'] = options.between[1];
    }
    if (options.beginsWith !== undefined && options.beginsWith !== '') {
      // DynamoDB takes one sort-key condition and filters on no key attribute: with a range too,
      // the prefix is applied here (the read loop below keeps going until the page is full).
      const prefix = options.beginsWith;
      if (options.between) keep = (item) => String(item[sortAttribute]).startsWith(prefix);
      else {
        keyCondition += ' AND begins_with(#s, :prefix)';
        values[':prefix'] = prefix;
      }
    }
    const input: QueryCommandInput = {
      TableName: this.tableName,
      ...(index ? { IndexName: index } : { ConsistentRead: true }),
      KeyConditionExpression: keyCondition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values),
      ScanIndexForward: !options.descending,
    };
    let startKey = options.cursor === undefined ? undefined : decodeCursor(options.cursor, source, partition, partitionAttribute, keyAttributes);
    const items: TableItem[] = [];
    do {
      const answer = await this.client.send(
        new QueryCommand({ ...input, Limit: limit + 1 - items.length, ...(startKey ? { ExclusiveStartKey: marshall(startKey) } : {}) }),
      );
      items.push(...(answer.Items ?? []).map((raw) => unmarshall(raw) as TableItem).filter(keep));
      startKey = answer.LastEvaluatedKey && (unmarshall(answer.LastEvaluatedKey) as Record<string, string>);
    } while (startKey && items.length <= limit);
    const last = items[limit - 1];
    return {
      items: items.slice(0, limit),
      ...(items.length > limit && last ? { cursor: encodeCursor(source, partition, Object.fromEntries(keyAttributes.map((name) => [name, last[name] as string]))) } : {}),
    };
  }
}

function marshallKey(key: TableKey): Record<string, AttributeValue> {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}

function keyId(key: TableKey): string {
  return `${key.pk}\u0000${key.sk}`;
}

/** DynamoDB condition expressions for the port's three conditions. */
function conditionExpression(condition: WriteCondition): { expression: string; names: Record<string, string>; values?: Record<string, AttributeValue> } {
  if ('absent' in condition) return { expression: 'attribute_not_exists(#pk)', names: { '#pk': 'pk' } };
  if ('missing' in condition) {
    return { expression: 'attribute_exists(#pk) AND attribute_not_exists(#a)', names: { '#pk': 'pk', '#a': condition.attribute } };
  }
  // Typed equality: a stored number 5 does not equal the string '5', as in the SQLite adapter.
  return { expression: '#a = :v', names: { '#a': condition.attribute }, values: marshall({ ':v': condition.equals }) };
}

/** The order DynamoDB gives strings: byte-wise UTF-8. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * A cursor names the list it belongs to (table or index, partition) and the key to continue
 * after, as DynamoDB's ExclusiveStartKey wants it: the table key, plus the index key on an index.
 */
function encodeCursor(source: string, partition: string, key: Record<string, string>): string {
  return Buffer.from(JSON.stringify({ s: source, p: partition, k: key })).toString('base64url');
}

function decodeCursor(cursor: string, source: string, partition: string, partitionAttribute: string, keyAttributes: string[]): Record<string, string> {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; p?: unknown; k?: unknown };
    const key = decoded.k as Record<string, unknown> | undefined;
    const shapeFits =
      decoded.s === source &&
      decoded.p === partition &&
      typeof key === 'object' &&
      key !== null &&
      Object.keys(key).length === keyAttributes.length &&
      keyAttributes.every((name) => typeof key[name] === 'string') &&
      key[partitionAttribute] === partition;
    if (shapeFits) return key as Record<string, string>;
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
