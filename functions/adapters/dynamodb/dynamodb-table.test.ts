import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTableContract } from '../../ports/table.contract';
import { TransactionConflictError } from '../../ports/table';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../testing/dynamodb-local';
import { DynamoDbTable } from './dynamodb-table';

let ddb: DynamoDbLocal;
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
});
afterAll(async () => ddb?.stop());

describeTableContract('DynamoDbTable on DynamoDB Local', async () => {
  const name = await ddb.createTable();
  return { table: new DynamoDbTable(ddb.client, name), dispose: () => ddb.deleteTable(name) };
});

describe('DynamoDbTable specifics', () => {
  it('reads past the 100 keys of one BatchGetItem call with repeated keys, keeping their order', async () => {
    // Prepare
    const name = await ddb.createTable();
    const table = new DynamoDbTable(ddb.client, name);
    for (let start = 0; start < 250; start += 100) {
      await table.transact(Array.from({ length: Math.min(100, 250 - start) }, (_, i) => ({ put: { pk: 'P', sk: `S#${start + i}`, i: start + i } })));
    }
    const keys = [...Array.from({ length: 250 }, (_, i) => ({ pk: 'P', sk: `S#${249 - i}` })), { pk: 'P', sk: 'S#7' }];
    // Act
    const items = await table.getMany(keys);
    // Assess
    expect(items.map((item) => item.i)).toEqual([...Array.from({ length: 250 }, (_, i) => 249 - i), 7]);
    await ddb.deleteTable(name);
  });

  it('filters by prefix and range together', async () => {
    // Prepare
    const name = await ddb.createTable();
    const table = new DynamoDbTable(ddb.client, name);
    await table.transact(['A#1', 'A#2', 'B#1', 'B#2', 'B#3', 'C#1'].map((sk) => ({ put: { pk: 'P', sk } })));
    // Act
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await table.query('P', { limit: 1, beginsWith: 'B#', between: ['A#2', 'B#2'], ...(cursor ? { cursor } : {}) });
      pages.push(...page.items.map((item) => item.sk));
      cursor = page.cursor;
    } while (cursor);
    // Assess
    expect(pages).toEqual(['B#1', 'B#2']);
    await ddb.deleteTable(name);
  });

  it('reports a write that conflicts with a concurrent transaction as a TransactionConflictError', async () => {
    // Prepare
    const name = await ddb.createTable();
    const table = new DynamoDbTable(ddb.client, name);
    await table.transact([{ put: { pk: 'HOT', sk: 'HEAD', n: 0 } }]);
    // Act: many unconditional writers on one item; DynamoDB cancels some with TransactionConflict
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => table.transact([{ put: { pk: 'HOT', sk: 'HEAD', n: i } }, { put: { pk: 'HOT', sk: `W#${i}` } }])),
    );
    // Assess: each either landed whole or failed as a conflict, never half
    const rejected = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(rejected.every((reason) => reason instanceof TransactionConflictError)).toBe(true);
    const written = (await table.query('HOT', { limit: 100, beginsWith: 'W#' })).items.length;
    expect(written).toBe(30 - rejected.length);
    await ddb.deleteTable(name);
  });
});
