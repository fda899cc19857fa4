import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeTableContract } from '../../ports/table.contract';
import { TABLE_INDEXES } from '../../ports/table';
import { SqliteTable } from './sqlite-table';

describeTableContract('SqliteTable in memory', async () => {
  const table = SqliteTable.open(':memory:');
  return { table, dispose: async () => table.close() };
});

describeTableContract('SqliteTable on a file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sqlite-table-'));
  const table = SqliteTable.open(join(dir, 'evidence.sqlite'));
  return {
    table,
    dispose: async () => {
      table.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteTable on a file, reopened', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sqlite-table-'));
    path = join(dir, 'evidence.sqlite');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps items, deletes and index entries across close and reopen', async () => {
    // Prepare
    const { pk: ipk, sk: isk } = TABLE_INDEXES.byExpiry;
    const first = SqliteTable.open(path);
    await first.transact([
      { put: { pk: 'DEBT#1', sk: 'META', name: '中文 债务人', principal: '1234567.89', [ipk]: 'EXPIRY', [isk]: '2027-03-01#1' } },
      { put: { pk: 'DEBT#1', sk: 'HEAD', seq: 3 } },
      { put: { pk: 'DEBT#1', sk: 'DOC#draft' } },
    ]);
    await first.transact([{ delete: { pk: 'DEBT#1', sk: 'DOC#draft' } }]);
    first.close();

    // Act
    const reopened = SqliteTable.open(path);
    const meta = await reopened.get({ pk: 'DEBT#1', sk: 'META' });
    const partition = await reopened.query('DEBT#1', { limit: 10 });
    const expiring = await reopened.queryIndex('byExpiry', 'EXPIRY', { limit: 10 });
    reopened.close();

    // Assess
    expect(meta).toEqual({ pk: 'DEBT#1', sk: 'META', name: '中文 债务人', principal: '1234567.89', [ipk]: 'EXPIRY', [isk]: '2027-03-01#1' });
    expect(partition.items.map((item) => item.sk)).toEqual(['HEAD', 'META']);
    expect(expiring.items.map((item) => item.pk)).toEqual(['DEBT#1']);
  });

  it('keeps the outcome of a failed transaction across reopen: nothing of it', async () => {
    // Prepare
    const first = SqliteTable.open(path);
    await first.transact([{ put: { pk: 'DEBT#1', sk: 'HEAD', seq: 1 } }]);
    await expect(
      first.transact([
        { put: { pk: 'DEBT#1', sk: 'EVT#2', seq: 2 } },
        { put: { pk: 'DEBT#1', sk: 'HEAD', seq: 2 }, condition: { attribute: 'seq', equals: 5 } },
      ]),
    ).rejects.toThrow();
    first.close();

    // Act
    const reopened = SqliteTable.open(path);
    const items = (await reopened.query('DEBT#1', { limit: 10 })).items;
    reopened.close();

    // Assess
    expect(items).toEqual([{ pk: 'DEBT#1', sk: 'HEAD', seq: 1 }]);
  });
});
