import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderBlobStore } from '../adapters/folder-blobs/folder-blob-store';
import { SqliteTable } from '../adapters/sqlite/sqlite-table';
import type { Principal } from '../core/roles';
import { systemClock } from '../ports/clock';
import type { Table, TableWrite } from '../ports/table';
import { makePdf } from '../testing/pdfs';
import { verifyTrail } from './audit-trail';
import { DebtService } from './debts';
import { DocumentService } from './documents';
import { seedUsers } from './users';

/** A real SQLite table whose next transactions fail, as a crash between blob and record would. */
class InterruptedTable implements Table {
  failures = 0;
  constructor(private readonly inner: SqliteTable) {}
  get: Table['get'] = (key) => this.inner.get(key);
  getMany: Table['getMany'] = (keys) => this.inner.getMany(keys);
  query: Table['query'] = (pk, options) => this.inner.query(pk, options);
  queryIndex: Table['queryIndex'] = (index, pk, options) => this.inner.queryIndex(index, pk, options);
  async transact(writes: readonly TableWrite[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('connection lost');
    }
    return this.inner.transact(writes);
  }
}

const finance: Principal = { id: 'finance-1', name: 'F', roles: ['finance'] };
let dir: string;
let table: InterruptedTable;
let blobs: FolderBlobStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'documents-'));
  table = new InterruptedTable(SqliteTable.open(':memory:'));
  blobs = new FolderBlobStore({ root: dir, uploadSecret: new Uint8Array(32), publicBaseUrl: 'http://x' });
  await seedUsers(table);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('a failure between storing the blob and recording the document', () => {
  it('leaves no visible document and an intact chain, and a retry succeeds', async () => {
    // Prepare
    const debts = new DebtService(table, systemClock);
    const documents = new DocumentService(table, blobs, systemClock, { maxInlineBytes: 1e6, maxSessionBytes: 1e6, uploadUrlSeconds: 60 });
    const debt = await debts.create({ id: 'finance-1', role: 'finance' }, { debtor: { name: 'A' }, currency: 'CNY', principal: '1.00', assignees: {}, jurisdiction: 'CN', timeZone: 'Asia/Shanghai' });
    const file = { bytes: await makePdf('invoice'), filename: 'invoice.pdf', contentType: 'application/pdf' };
    table.failures = 1;
    // Act
    const failed = documents.add(finance, debt, { type: 'invoice' }, file);
    // Assess
    await expect(failed).rejects.toThrow('connection lost');
    expect((await documents.list(debt.id, { limit: 10 })).items).toEqual([]);
    expect(await verifyTrail(table, blobs, debt.id)).toMatchObject({ valid: true, length: 1 });
    // Act: the client retries.
    const stored = await documents.add(finance, debt, { type: 'invoice' }, file);
    // Assess
    expect((await documents.list(debt.id, { limit: 10 })).items.map((d) => d.id)).toEqual([stored.id]);
    expect(await verifyTrail(table, blobs, debt.id)).toMatchObject({ valid: true, length: 2, blobs: { checked: 1, mismatched: [] } });
  });
});
