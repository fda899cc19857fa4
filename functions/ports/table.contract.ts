/**
 * The contract every Table adapter keeps (DESIGN §2: one suite, run against SQLite and, later,
 * DynamoDB Local). Call {@link describeTableContract} from an adapter's `*.test.ts`.
 *
 * `makeTable` runs before every test and must hand back an empty table; `dispose` runs after it.
 * Index reads go through {@link eventually} because the port allows secondary indexes to be
 * eventually consistent (DynamoDB GSIs); on a strongly consistent adapter it passes at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
} from './table';

export interface TableFixture {
  table: Table;
  dispose(): Promise<void>;
}

const INDEX_NAMES = Object.keys(TABLE_INDEXES) as IndexName[];

/** Puts items in as few transactions as the port allows. */
async function putAll(table: Table, items: readonly TableItem[]): Promise<void> {
  for (let start = 0; start < items.length; start += MAX_TRANSACTION_WRITES) {
    await table.transact(items.slice(start, start + MAX_TRANSACTION_WRITES).map((item) => ({ put: item })));
  }
}

/** Follows cursors until the last page; refuses to loop forever. */
async function allPages(fetch: (cursor: string | undefined) => Promise<TablePage>): Promise<TablePage[]> {
  const pages: TablePage[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(page);
    cursor = page.cursor;
    if (pages.length > 200) throw new Error('pagination does not end');
  } while (cursor !== undefined);
  return pages;
}

/** Retries an assertion on index reads (eventually consistent on DynamoDB). */
function eventually<T>(check: () => Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 5_000, interval: 50 });
}

/** The order DynamoDB (and the SQLite BINARY collation) gives strings: byte-wise UTF-8. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const sks = (items: readonly TableItem[]): string[] => items.map((item) => item.sk);
const keyOf = (item: TableItem): string => `${item.pk}\u0000${item.sk}`;
const pad = (n: number): string => String(n).padStart(3, '0');

/** Runs `transact` and returns the conflict it must throw. */
async function conflictOf(table: Table, writes: readonly TableWrite[]): Promise<TransactionConflictError> {
  const error: unknown = await table.transact(writes).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TransactionConflictError);
  return error as TransactionConflictError;
}

export function describeTableContract(name: string, makeTable: () => Promise<TableFixture>): void {
  describe(`Table contract: ${name}`, () => {
    let fixture: TableFixture;
    let table: Table;

    beforeEach(async () => {
      fixture = await makeTable();
      table = fixture.table;
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    describe('get and put', () => {
      it('returns undefined for an item that is not there', async () => {
        // Prepare: neighbours that share the partition or the sort key, but not both
        await putAll(table, [
          { pk: 'DEBT#1', sk: 'DOC#2' },
          { pk: 'DEBT#2', sk: 'DOC#1' },
        ]);

        // Act
        const item = await table.get({ pk: 'DEBT#1', sk: 'DOC#1' });

        // Assess
        expect(item).toBeUndefined();
      });

      it('round-trips arbitrary JSON attributes', async () => {
        // Prepare
        const stored: TableItem = {
          pk: 'DEBT#中文',
          sk: 'META#債務',
          name: '中文 débiteur 😀',
          principal: '1234567.89',
          integer: 42,
          negative: -3.25,
          zero: 0,
          big: Number.MAX_SAFE_INTEGER,
          yes: true,
          no: false,
          nothing: null,
          empty: '',
          list: [1, 'two', { three: [3] }, [], true, null],
          emptyList: [],
          emptyObject: {},
          nested: { a: { b: { c: ['深', { d: 1.5 }] } }, flag: false },
        };

        // Act
        await table.transact([{ put: stored }]);
        const read = await table.get({ pk: 'DEBT#中文', sk: 'META#債務' });

        // Assess
        expect(read).toEqual(stored);
      });

      it('replaces the whole item on a second put', async () => {
        // Prepare
        await table.transact([{ put: { pk: 'P', sk: 'S', old: 'gone', kept: 1 } }]);

        // Act
        await table.transact([{ put: { pk: 'P', sk: 'S', kept: 2, added: ['x'] } }]);

        // Assess
        expect(await table.get({ pk: 'P', sk: 'S' })).toEqual({ pk: 'P', sk: 'S', kept: 2, added: ['x'] });
      });
    });

    describe('getMany', () => {
      it('keeps the order of the keys and leaves out missing items', async () => {
        // Prepare
        await putAll(table, [
          { pk: 'A', sk: '1', v: 'a1' },
          { pk: 'B', sk: '2', v: 'b2' },
          { pk: 'C', sk: '3', v: 'c3' },
        ]);

        // Act
        const items = await table.getMany([
          { pk: 'C', sk: '3' },
          { pk: 'X', sk: 'missing' },
          { pk: 'A', sk: '1' },
          { pk: 'A', sk: '2' },
          { pk: 'B', sk: '2' },
        ]);

        // Assess
        expect(items.map((item) => item.v)).toEqual(['c3', 'a1', 'b2']);
      });

      it('returns nothing for no keys', async () => {
        // Prepare
        await putAll(table, [{ pk: 'A', sk: '1' }]);

        // Act
        const items = await table.getMany([]);

        // Assess
        expect(items).toEqual([]);
      });

      it('keeps the order past a batch of 100 keys', async () => {
        // Prepare: 130 items; every third requested key is missing
        await putAll(
          table,
          Array.from({ length: 130 }, (_, i) => ({ pk: `P#${pad(i % 7)}`, sk: `S#${pad(i)}`, i })),
        );
        const keys: TableKey[] = Array.from({ length: 130 }, (_, j) => {
          const i = 129 - j;
          return j % 3 === 0 ? { pk: `P#${pad(i % 7)}`, sk: `NOPE#${pad(i)}` } : { pk: `P#${pad(i % 7)}`, sk: `S#${pad(i)}` };
        });

        // Act
        const items = await table.getMany(keys);

        // Assess
        const expected = Array.from({ length: 130 }, (_, j) => j)
          .filter((j) => j % 3 !== 0)
          .map((j) => 129 - j);
        expect(items.map((item) => item.i)).toEqual(expected);
      });
    });

    describe('query', () => {
      it('returns one partition in ascending sort-key order', async () => {
        // Prepare: written out of order, next to partitions with similar names
        await putAll(table, [
          { pk: 'DEBT#1', sk: 'EVT#000000000002' },
          { pk: 'DEBT#10', sk: 'EVT#000000000001' },
          { pk: 'DEBT#1', sk: 'META' },
          { pk: 'DEBT#', sk: 'DOC#0' },
          { pk: 'DEBT#1', sk: 'DOC#1' },
          { pk: 'DEBT#1', sk: 'EVT#000000000001' },
        ]);

        // Act
        const page = await table.query('DEBT#1', { limit: 100 });

        // Assess
        expect(page.items.every((item) => item.pk === 'DEBT#1')).toBe(true);
        expect(sks(page.items)).toEqual(['DOC#1', 'EVT#000000000001', 'EVT#000000000002', 'META']);
        expect(page.cursor).toBeUndefined();
      });

      it('returns whole items, not only keys', async () => {
        // Prepare
        const stored = { pk: 'P', sk: 'S', nested: { list: [1, '中文'] }, flag: true };
        await putAll(table, [stored]);

        // Act
        const page = await table.query('P', { limit: 10 });

        // Assess
        expect(page.items).toEqual([stored]);
      });

      it('returns the partition in descending order', async () => {
        // Prepare
        await putAll(table, ['b', 'd', 'a', 'c'].map((sk) => ({ pk: 'P', sk })));

        // Act
        const page = await table.query('P', { limit: 100, descending: true });

        // Assess
        expect(sks(page.items)).toEqual(['d', 'c', 'b', 'a']);
      });

      it('orders sort keys byte-wise in UTF-8, as DynamoDB does', async () => {
        // Prepare: UTF-16 order differs from UTF-8 order for '！' (U+FF01) and '😀' (U+1F600)
        const keys = ['z', 'B', 'a', '中文', '\uFF01', '😀', 'é', 'A#2', 'A#10'];
        await putAll(table, keys.map((sk) => ({ pk: 'P', sk })));

        // Act
        const page = await table.query('P', { limit: 100 });

        // Assess
        expect(sks(page.items)).toEqual([...keys].sort(byteOrder));
        expect(sks(page.items).indexOf('\uFF01')).toBeLessThan(sks(page.items).indexOf('😀'));
      });

      it('keeps only sort keys that begin with a prefix, in both directions', async () => {
        // Prepare
        await putAll(
          table,
          ['DOC', 'DOC#', 'DOC#a', 'DOC#b', 'DOC#b#1', 'DOD#', 'DEBT', 'EVT#1', 'doc#a'].map((sk) => ({ pk: 'P', sk })),
        );

        // Act
        const ascending = await table.query('P', { limit: 100, beginsWith: 'DOC#' });
        const descending = await table.query('P', { limit: 100, beginsWith: 'DOC#', descending: true });

        // Assess
        expect(sks(ascending.items)).toEqual(['DOC#', 'DOC#a', 'DOC#b', 'DOC#b#1']);
        expect(sks(descending.items)).toEqual(['DOC#b#1', 'DOC#b', 'DOC#a', 'DOC#']);
      });

      it('keeps sort keys that continue the prefix with any character, even the highest code point', async () => {
        // Prepare
        const matching = ['x', 'x中', 'x\u{10FFFF}', 'x\u{10FFFF}z', 'x\u{10FFFF}\u{10FFFF}'];
        await putAll(table, [...matching, 'w\u{10FFFF}', 'y'].map((sk) => ({ pk: 'P', sk })));

        // Act
        const page = await table.query('P', { limit: 100, beginsWith: 'x' });

        // Assess
        expect(sks(page.items)).toEqual([...matching].sort(byteOrder));
      });

      it('keeps only sort keys between two bounds, both included', async () => {
        // Prepare
        await putAll(
          table,
          ['2024-01-01', '2024-02-29', '2024-03-01', '2024-03-15', '2024-03-31', '2024-04-01'].map((sk) => ({ pk: 'P', sk })),
        );

        // Act
        const ascending = await table.query('P', { limit: 100, between: ['2024-02-29', '2024-03-31'] });
        const descending = await table.query('P', { limit: 100, between: ['2024-02-29', '2024-03-31'], descending: true });

        // Assess
        expect(sks(ascending.items)).toEqual(['2024-02-29', '2024-03-01', '2024-03-15', '2024-03-31']);
        expect(sks(descending.items)).toEqual(['2024-03-31', '2024-03-15', '2024-03-01', '2024-02-29']);
      });

      it('returns an empty page without a cursor for an empty partition', async () => {
        // Prepare
        await putAll(table, [{ pk: 'OTHER', sk: '1' }]);

        // Act
        const page = await table.query('NOBODY', { limit: 10 });

        // Assess
        expect(page).toEqual({ items: [] });
      });

      it.each([
        { direction: 'ascending', descending: false },
        { direction: 'descending', descending: true },
      ])('pages through 25 items 7 at a time, $direction, visiting each exactly once', async ({ descending }) => {
        // Prepare
        const all = Array.from({ length: 25 }, (_, i) => ({ pk: 'P', sk: `EVT#${pad(i)}`, i }));
        await putAll(table, [...all].reverse());
        await putAll(table, [{ pk: 'Q', sk: 'EVT#000' }]);

        // Act
        const pages = await allPages((cursor) => table.query('P', { limit: 7, descending, ...(cursor ? { cursor } : {}) }));

        // Assess
        expect(pages.map((page) => page.items.length)).toEqual([7, 7, 7, 4]);
        const expected = sks(all);
        expect(pages.flatMap((page) => sks(page.items))).toEqual(descending ? expected.reverse() : expected);
        expect(pages.slice(0, -1).every((page) => typeof page.cursor === 'string')).toBe(true);
        expect(pages.at(-1)?.cursor).toBeUndefined();
      });

      it('pages through an exact multiple of the limit without losing or repeating items', async () => {
        // Prepare
        await putAll(table, Array.from({ length: 14 }, (_, i) => ({ pk: 'P', sk: pad(i) })));

        // Act
        const pages = await allPages((cursor) => table.query('P', { limit: 7, ...(cursor ? { cursor } : {}) }));

        // Assess: a trailing empty page is allowed ("more items may follow"), lost or repeated items are not
        expect(pages.flatMap((page) => sks(page.items))).toEqual(Array.from({ length: 14 }, (_, i) => pad(i)));
        expect(pages.length).toBeLessThanOrEqual(3);
        expect(pages.slice(2).every((page) => page.items.length === 0)).toBe(true);
      });

      it('pages through a prefix and a range', async () => {
        // Prepare
        await putAll(table, [
          ...Array.from({ length: 12 }, (_, i) => ({ pk: 'P', sk: `DOC#${pad(i)}` })),
          ...Array.from({ length: 12 }, (_, i) => ({ pk: 'P', sk: `EVT#${pad(i)}` })),
        ]);

        // Act
        const byPrefix = await allPages((cursor) =>
          table.query('P', { limit: 5, beginsWith: 'DOC#', descending: true, ...(cursor ? { cursor } : {}) }),
        );
        const byRange = await allPages((cursor) =>
          table.query('P', { limit: 5, between: ['DOC#010', 'EVT#002'], ...(cursor ? { cursor } : {}) }),
        );
        // The far bound must still hold on later pages, whichever way the pages walk.
        const byPrefixAscending = await allPages((cursor) => table.query('P', { limit: 5, beginsWith: 'DOC#', ...(cursor ? { cursor } : {}) }));
        const byRangeDescending = await allPages((cursor) =>
          table.query('P', { limit: 2, between: ['DOC#010', 'EVT#002'], descending: true, ...(cursor ? { cursor } : {}) }),
        );

        // Assess
        expect(byPrefix.flatMap((page) => sks(page.items))).toEqual(
          Array.from({ length: 12 }, (_, i) => `DOC#${pad(11 - i)}`),
        );
        expect(byRange.flatMap((page) => sks(page.items))).toEqual(['DOC#010', 'DOC#011', 'EVT#000', 'EVT#001', 'EVT#002']);
        expect(byPrefixAscending.flatMap((page) => sks(page.items))).toEqual(Array.from({ length: 12 }, (_, i) => `DOC#${pad(i)}`));
        expect(byRangeDescending.flatMap((page) => sks(page.items))).toEqual(['EVT#002', 'EVT#001', 'EVT#000', 'DOC#011', 'DOC#010']);
      });

      it('refuses a cursor it did not issue', async () => {
        // Prepare
        await putAll(table, Array.from({ length: 5 }, (_, i) => ({ pk: 'P', sk: pad(i) })));

        // Act
        const garbage = table.query('P', { limit: 2, cursor: 'not a cursor' });
        const emptyJson = table.query('P', { limit: 2, cursor: Buffer.from('{}').toString('base64url') });

        // Assess
        await expect(garbage).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(emptyJson).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('refuses a cursor of another partition', async () => {
        // Prepare
        await putAll(table, [
          ...Array.from({ length: 5 }, (_, i) => ({ pk: 'MINE', sk: pad(i) })),
          ...Array.from({ length: 5 }, (_, i) => ({ pk: 'THEIRS', sk: pad(i) })),
        ]);
        const theirs = await table.query('THEIRS', { limit: 2 });
        expect(theirs.cursor).toBeDefined();

        // Act
        const reused = table.query('MINE', { limit: 2, cursor: theirs.cursor as string });

        // Assess
        await expect(reused).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('refuses a cursor of an index query', async () => {
        // Prepare: same partition value in the table and in an index
        await putAll(
          table,
          Array.from({ length: 5 }, (_, i) => ({ pk: 'P', sk: pad(i), gsi4pk: 'P', gsi4sk: pad(i) })),
        );
        const indexPage = await eventually(async () => {
          const page = await table.queryIndex('byKind', 'P', { limit: 2 });
          expect(page.cursor).toBeDefined();
          return page;
        });

        // Act
        const reused = table.query('P', { limit: 2, cursor: indexPage.cursor as string });

        // Assess
        await expect(reused).rejects.toBeInstanceOf(InvalidCursorError);
      });
    });

    describe('queryIndex', () => {
      for (const index of INDEX_NAMES) {
        const { pk: ipk, sk: isk } = TABLE_INDEXES[index];
        const other = TABLE_INDEXES[INDEX_NAMES.find((name) => name !== index) as IndexName];

        describe(index, () => {
          it('holds only items with the index attributes, in index sort-key order', async () => {
            // Prepare
            await putAll(table, [
              { pk: 'DEBT#3', sk: 'META', [ipk]: 'PART', [isk]: '2024-03-01#3', label: 'third' },
              { pk: 'DEBT#1', sk: 'META', [ipk]: 'PART', [isk]: '2024-01-01#1', label: 'first', nested: { a: [1] } },
              { pk: 'DEBT#2', sk: 'ASSIGNEE#u', [ipk]: 'PART', [isk]: '2024-02-01#2', label: 'second' },
              { pk: 'DEBT#4', sk: 'META', [ipk]: 'ELSEWHERE', [isk]: '2024-01-15#4' },
              { pk: 'DEBT#5', sk: 'META', label: 'not indexed' },
              { pk: 'DEBT#6', sk: 'META', [other.pk]: 'PART', [other.sk]: '2024-01-10#6' },
            ]);

            // Act
            const [ascending, descending] = await eventually(async () => {
              const pages = [
                await table.queryIndex(index, 'PART', { limit: 100 }),
                await table.queryIndex(index, 'PART', { limit: 100, descending: true }),
              ];
              expect(pages[0]?.items).toHaveLength(3);
              return pages as [TablePage, TablePage];
            });

            // Assess
            expect(ascending.items.map((item) => item.label)).toEqual(['first', 'second', 'third']);
            expect(descending.items.map((item) => item.label)).toEqual(['third', 'second', 'first']);
            expect(ascending.items[0]).toEqual({
              pk: 'DEBT#1',
              sk: 'META',
              [ipk]: 'PART',
              [isk]: '2024-01-01#1',
              label: 'first',
              nested: { a: [1] },
            });
            expect(ascending.cursor).toBeUndefined();
          });

          it('drops an item from the index when a put removes its index attributes', async () => {
            // Prepare
            await putAll(table, [
              { pk: 'DEBT#1', sk: 'META', [ipk]: 'PART', [isk]: 'a' },
              { pk: 'DEBT#2', sk: 'META', [ipk]: 'PART', [isk]: 'b' },
            ]);

            // Act
            await table.transact([{ put: { pk: 'DEBT#1', sk: 'META', status: 'closed' } }]);

            // Assess
            await eventually(async () => {
              const page = await table.queryIndex(index, 'PART', { limit: 100 });
              expect(page.items.map((item) => item.pk)).toEqual(['DEBT#2']);
            });
          });

          it('filters the index sort key by prefix and by range', async () => {
            // Prepare
            const dates = ['2024-01-31', '2024-02-01', '2024-02-15', '2024-02-29', '2024-03-01'];
            await putAll(
              table,
              dates.map((date, i) => ({ pk: `DEBT#${i}`, sk: 'META', [ipk]: 'EXPIRY', [isk]: `${date}#${i}` })),
            );

            // Act
            const [byPrefix, byRange] = await eventually(async () => {
              const pages = [
                await table.queryIndex(index, 'EXPIRY', { limit: 100, beginsWith: '2024-02' }),
                await table.queryIndex(index, 'EXPIRY', { limit: 100, between: ['2024-02-01', '2024-02-29~'], descending: true }),
              ];
              expect(pages[0]?.items).toHaveLength(3);
              return pages as [TablePage, TablePage];
            });

            // Assess
            expect(byPrefix.items.map((item) => item[isk])).toEqual(['2024-02-01#1', '2024-02-15#2', '2024-02-29#3']);
            expect(byRange.items.map((item) => item[isk])).toEqual(['2024-02-29#3', '2024-02-15#2', '2024-02-01#1']);
          });

          it('pages through 25 items 7 at a time, ties included, visiting each exactly once', async () => {
            // Prepare: five items share each index sort key, some of them also their partition key
            const all = Array.from({ length: 25 }, (_, i) => ({
              pk: `DEBT#${i % 4}`,
              sk: `ASSIGNEE#${pad(i)}`,
              [ipk]: 'PART',
              [isk]: `K#${i % 5}`,
            }));
            await putAll(table, all);

            for (const descending of [false, true]) {
              // Act
              const pages = await eventually(async () => {
                const fetched = await allPages((cursor) =>
                  table.queryIndex(index, 'PART', { limit: 7, descending, ...(cursor ? { cursor } : {}) }),
                );
                expect(fetched.flatMap((page) => page.items)).toHaveLength(25);
                return fetched;
              });

              // Assess
              const items = pages.flatMap((page) => page.items);
              expect(pages.map((page) => page.items.length)).toEqual([7, 7, 7, 4]);
              expect(new Set(items.map(keyOf)).size).toBe(25);
              expect(new Set(items.map(keyOf))).toEqual(new Set(all.map(keyOf)));
              const sortKeys = items.map((item) => item[isk] as string);
              const sorted = [...sortKeys].sort(byteOrder);
              expect(sortKeys).toEqual(descending ? sorted.reverse() : sorted);
              expect(pages.at(-1)?.cursor).toBeUndefined();
            }
          });

          it('refuses a cursor of another index partition', async () => {
            // Prepare
            await putAll(table, [
              ...Array.from({ length: 5 }, (_, i) => ({ pk: `A#${i}`, sk: 'META', [ipk]: 'MINE', [isk]: pad(i) })),
              ...Array.from({ length: 5 }, (_, i) => ({ pk: `B#${i}`, sk: 'META', [ipk]: 'THEIRS', [isk]: pad(i) })),
            ]);
            const theirs = await eventually(async () => {
              const page = await table.queryIndex(index, 'THEIRS', { limit: 2 });
              expect(page.cursor).toBeDefined();
              return page;
            });

            // Act
            const reused = table.queryIndex(index, 'MINE', { limit: 2, cursor: theirs.cursor as string });

            // Assess
            await expect(reused).rejects.toBeInstanceOf(InvalidCursorError);
          });
        });
      }

      it('leaves out items that have the index partition attribute but not its sort attribute', async () => {
        // Prepare: DynamoDB projects an item into a GSI only when it has both key attributes
        for (const index of INDEX_NAMES) {
          const { pk: ipk, sk: isk } = TABLE_INDEXES[index];
          await putAll(table, [
            { pk: `${index}#1`, sk: 'META', [ipk]: 'PART', [isk]: 'b' },
            { pk: `${index}#2`, sk: 'META', [ipk]: 'PART' },
            { pk: `${index}#3`, sk: 'META', [ipk]: 'PART', [isk]: 'a' },
          ]);
        }

        for (const index of INDEX_NAMES) {
          // Act: page by page, so that every item ends a page
          const items = await eventually(async () => {
            const pages = await allPages((cursor) => table.queryIndex(index, 'PART', { limit: 1, ...(cursor ? { cursor } : {}) }));
            return pages.flatMap((page) => page.items);
          });

          // Assess
          expect(items.map((item) => item.pk)).toEqual([`${index}#3`, `${index}#1`]);
        }
      });

      it('refuses a cursor of another index with the same partition value', async () => {
        // Prepare: every item is in every index, partition 'PART'
        const attributes = (i: number): Record<string, string> =>
          Object.fromEntries(INDEX_NAMES.flatMap((index) => [
            [TABLE_INDEXES[index].pk, 'PART'],
            [TABLE_INDEXES[index].sk, pad(i)],
          ]));
        await putAll(table, Array.from({ length: 5 }, (_, i) => ({ pk: `DEBT#${i}`, sk: 'META', ...attributes(i) })));
        const [first, second] = INDEX_NAMES as [IndexName, IndexName];
        const page = await eventually(async () => {
          const fetched = await table.queryIndex(first, 'PART', { limit: 2 });
          expect(fetched.cursor).toBeDefined();
          return fetched;
        });

        // Act
        const reused = table.queryIndex(second, 'PART', { limit: 2, cursor: page.cursor as string });

        // Assess
        await expect(reused).rejects.toBeInstanceOf(InvalidCursorError);
      });
    });

    describe('transact', () => {
      it('applies puts and deletes across partitions together', async () => {
        // Prepare
        await putAll(table, [{ pk: 'DEBT#1', sk: 'DOC#old' }]);

        // Act
        await table.transact([
          { put: { pk: 'DEBT#1', sk: 'META', v: 1 }, condition: { absent: true } },
          { put: { pk: 'DEBT#2', sk: 'META', v: 2 } },
          { delete: { pk: 'DEBT#1', sk: 'DOC#old' } },
        ]);

        // Assess
        const items = await table.getMany([
          { pk: 'DEBT#1', sk: 'META' },
          { pk: 'DEBT#2', sk: 'META' },
          { pk: 'DEBT#1', sk: 'DOC#old' },
        ]);
        expect(items).toEqual([
          { pk: 'DEBT#1', sk: 'META', v: 1 },
          { pk: 'DEBT#2', sk: 'META', v: 2 },
        ]);
      });

      it('applies nothing when one condition fails, and names the failed write', async () => {
        // Prepare
        await putAll(table, [
          { pk: 'HEAD', sk: 'HEAD', seq: 7 },
          { pk: 'KEEP', sk: 'ME', v: 'original' },
          { pk: 'TAKEN', sk: 'EVT', v: 'first' },
        ]);

        // Act
        const conflict = await conflictOf(table, [
          { put: { pk: 'HEAD', sk: 'HEAD', seq: 8 }, condition: { attribute: 'seq', equals: 7 } },
          { put: { pk: 'TAKEN', sk: 'EVT', v: 'second' }, condition: { absent: true } },
          { delete: { pk: 'KEEP', sk: 'ME' } },
          { put: { pk: 'NEW', sk: 'ITEM', v: 'new' } },
        ]);

        // Assess
        expect(conflict.failedWrites).toEqual([1]);
        expect(conflict.name).toBe('TransactionConflictError');
        expect(await table.get({ pk: 'HEAD', sk: 'HEAD' })).toEqual({ pk: 'HEAD', sk: 'HEAD', seq: 7 });
        expect(await table.get({ pk: 'TAKEN', sk: 'EVT' })).toEqual({ pk: 'TAKEN', sk: 'EVT', v: 'first' });
        expect(await table.get({ pk: 'KEEP', sk: 'ME' })).toEqual({ pk: 'KEEP', sk: 'ME', v: 'original' });
        expect(await table.get({ pk: 'NEW', sk: 'ITEM' })).toBeUndefined();
      });

      it('names every failed write', async () => {
        // Prepare
        await putAll(table, [
          { pk: 'A', sk: '1', n: 1 },
          { pk: 'B', sk: '1', n: 1 },
          { pk: 'C', sk: '1', n: 1 },
        ]);

        // Act
        const conflict = await conflictOf(table, [
          { put: { pk: 'A', sk: '1', n: 2 }, condition: { attribute: 'n', equals: 1 } },
          { put: { pk: 'B', sk: '1', n: 2 }, condition: { attribute: 'n', equals: 5 } },
          { put: { pk: 'C', sk: '1', n: 2 }, condition: { attribute: 'n', equals: 1 } },
          { delete: { pk: 'D', sk: '1' }, condition: { attribute: 'n', equals: 1 } },
        ]);

        // Assess
        expect([...conflict.failedWrites].sort((a, b) => a - b)).toEqual([1, 3]);
        expect((await table.getMany([{ pk: 'A', sk: '1' }, { pk: 'C', sk: '1' }])).map((item) => item.n)).toEqual([1, 1]);
      });

      it('keeps the index unchanged when a transaction fails', async () => {
        // Prepare
        const { pk: ipk, sk: isk } = TABLE_INDEXES.byExpiry;
        await putAll(table, [{ pk: 'DEBT#1', sk: 'META', [ipk]: 'EXPIRY', [isk]: '2030-01-01#1' }]);

        // Act
        await conflictOf(table, [
          { put: { pk: 'DEBT#2', sk: 'META', [ipk]: 'EXPIRY', [isk]: '2029-01-01#2' } },
          { put: { pk: 'DEBT#1', sk: 'META', [ipk]: 'EXPIRY', [isk]: '2031-01-01#1' }, condition: { absent: true } },
        ]);

        // Assess
        await eventually(async () => {
          const page = await table.queryIndex('byExpiry', 'EXPIRY', { limit: 10 });
          expect(page.items).toEqual([{ pk: 'DEBT#1', sk: 'META', [ipk]: 'EXPIRY', [isk]: '2030-01-01#1' }]);
        });
      });

      it('puts with {absent: true} only when the item is not there', async () => {
        // Prepare
        await putAll(table, [{ pk: 'P', sk: 'TAKEN', v: 'first' }]);

        // Act
        await table.transact([{ put: { pk: 'P', sk: 'FREE', v: 'new' }, condition: { absent: true } }]);
        const conflict = await conflictOf(table, [{ put: { pk: 'P', sk: 'TAKEN', v: 'second' }, condition: { absent: true } }]);

        // Assess
        expect(await table.get({ pk: 'P', sk: 'FREE' })).toEqual({ pk: 'P', sk: 'FREE', v: 'new' });
        expect(conflict.failedWrites).toEqual([0]);
        expect(await table.get({ pk: 'P', sk: 'TAKEN' })).toEqual({ pk: 'P', sk: 'TAKEN', v: 'first' });
      });

      it('puts with {attribute, equals} only when the attribute has that value', async () => {
        // Prepare
        await putAll(table, [{ pk: 'P', sk: 'S', version: 3, status: 'open', frozen: false }]);

        // Act
        await table.transact([
          { put: { pk: 'P', sk: 'S', version: 4, status: 'open', frozen: false }, condition: { attribute: 'version', equals: 3 } },
        ]);
        await table.transact([
          { put: { pk: 'P', sk: 'S', version: 5, status: 'closed', frozen: true }, condition: { attribute: 'frozen', equals: false } },
        ]);
        const stale = await conflictOf(table, [
          { put: { pk: 'P', sk: 'S', version: 4 }, condition: { attribute: 'version', equals: 3 } },
        ]);
        const otherType = await conflictOf(table, [
          { put: { pk: 'P', sk: 'S', version: 6 }, condition: { attribute: 'version', equals: '5' } },
        ]);
        const wrongString = await conflictOf(table, [
          { put: { pk: 'P', sk: 'S', version: 6 }, condition: { attribute: 'status', equals: 'open' } },
        ]);
        const absentAttribute = await conflictOf(table, [
          { put: { pk: 'P', sk: 'S', version: 6 }, condition: { attribute: 'nope', equals: 'x' } },
        ]);

        // Assess
        expect([stale, otherType, wrongString, absentAttribute].map((error) => error.failedWrites)).toEqual([[0], [0], [0], [0]]);
        expect(await table.get({ pk: 'P', sk: 'S' })).toEqual({ pk: 'P', sk: 'S', version: 5, status: 'closed', frozen: true });
      });

      it('fails {attribute, equals} on a missing item', async () => {
        // Prepare
        await putAll(table, [{ pk: 'P', sk: 'OTHER', version: 1 }]);

        // Act
        const conflict = await conflictOf(table, [
          { put: { pk: 'P', sk: 'S', version: 2 }, condition: { attribute: 'version', equals: 1 } },
        ]);

        // Assess
        expect(conflict.failedWrites).toEqual([0]);
        expect(await table.get({ pk: 'P', sk: 'S' })).toBeUndefined();
      });

      it('puts with {attribute, missing: true} only when the item exists without the attribute', async () => {
        // Prepare
        await putAll(table, [
          { pk: 'P', sk: 'OPEN', status: 'open' },
          { pk: 'P', sk: 'VOID', status: 'void', voidedAt: '2024-01-01T00:00:00.000Z' },
        ]);

        // Act
        await table.transact([
          { put: { pk: 'P', sk: 'OPEN', status: 'void', voidedAt: '2024-02-02T00:00:00.000Z' }, condition: { attribute: 'voidedAt', missing: true } },
        ]);
        const already = await conflictOf(table, [
          { put: { pk: 'P', sk: 'VOID', status: 'void', voidedAt: 'later' }, condition: { attribute: 'voidedAt', missing: true } },
        ]);
        const nowhere = await conflictOf(table, [
          { put: { pk: 'P', sk: 'NOWHERE', status: 'void' }, condition: { attribute: 'voidedAt', missing: true } },
        ]);

        // Assess
        expect((await table.get({ pk: 'P', sk: 'OPEN' }))?.voidedAt).toBe('2024-02-02T00:00:00.000Z');
        expect(already.failedWrites).toEqual([0]);
        expect((await table.get({ pk: 'P', sk: 'VOID' }))?.voidedAt).toBe('2024-01-01T00:00:00.000Z');
        expect(nowhere.failedWrites).toEqual([0]);
        expect(await table.get({ pk: 'P', sk: 'NOWHERE' })).toBeUndefined();
      });

      it('deletes without a condition, also when the item is not there', async () => {
        // Prepare
        await putAll(table, [
          { pk: 'P', sk: 'GONE' },
          { pk: 'P', sk: 'STAYS' },
        ]);

        // Act
        await table.transact([{ delete: { pk: 'P', sk: 'GONE' } }, { delete: { pk: 'P', sk: 'NEVER' } }]);

        // Assess
        expect(await table.get({ pk: 'P', sk: 'GONE' })).toBeUndefined();
        expect(sks((await table.query('P', { limit: 10 })).items)).toEqual(['STAYS']);
      });

      it('deletes with a condition only when it holds', async () => {
        // Prepare
        await putAll(table, [
          { pk: 'P', sk: 'A', status: 'draft' },
          { pk: 'P', sk: 'B', status: 'final' },
        ]);

        // Act
        await table.transact([{ delete: { pk: 'P', sk: 'A' }, condition: { attribute: 'status', equals: 'draft' } }]);
        const wrongValue = await conflictOf(table, [{ delete: { pk: 'P', sk: 'B' }, condition: { attribute: 'status', equals: 'draft' } }]);
        const present = await conflictOf(table, [{ delete: { pk: 'P', sk: 'B' }, condition: { absent: true } }]);

        // Assess
        expect(await table.get({ pk: 'P', sk: 'A' })).toBeUndefined();
        expect(wrongValue.failedWrites).toEqual([0]);
        expect(present.failedWrites).toEqual([0]);
        expect(await table.get({ pk: 'P', sk: 'B' })).toEqual({ pk: 'P', sk: 'B', status: 'final' });
      });

      it(`applies a transaction of ${MAX_TRANSACTION_WRITES} writes`, async () => {
        // Prepare
        const writes = Array.from({ length: MAX_TRANSACTION_WRITES }, (_, i) => ({
          put: { pk: 'P', sk: pad(i), i },
          condition: { absent: true } as const,
        }));

        // Act
        await table.transact(writes);

        // Assess
        const pages = await allPages((cursor) => table.query('P', { limit: 1000, ...(cursor ? { cursor } : {}) }));
        expect(pages.flatMap((page) => page.items)).toHaveLength(MAX_TRANSACTION_WRITES);
      });

      it('refuses an empty transaction, an oversized one and one that writes an item twice, writing nothing', async () => {
        // Prepare
        const tooMany = Array.from({ length: MAX_TRANSACTION_WRITES + 1 }, (_, i) => ({ put: { pk: 'MANY', sk: pad(i) } }));
        const twice: TableWrite[] = [
          { put: { pk: 'TWICE', sk: 'OTHER' } },
          { put: { pk: 'TWICE', sk: 'S', v: 1 } },
          { delete: { pk: 'TWICE', sk: 'S' } },
        ];

        // Act
        const empty = table.transact([]);
        const oversized = table.transact(tooMany);
        const duplicated = table.transact(twice);

        // Assess
        await expect(empty).rejects.toThrow();
        await expect(oversized).rejects.toThrow();
        await expect(duplicated).rejects.toThrow();
        await expect(oversized).rejects.not.toBeInstanceOf(TransactionConflictError);
        expect((await table.query('MANY', { limit: 10 })).items).toEqual([]);
        expect((await table.query('TWICE', { limit: 10 })).items).toEqual([]);
      });
    });

    describe('concurrency', () => {
      /** Reads the counter and writes old + 1 if nobody else did in between. */
      async function increment(): Promise<{ ok: true; old: number } | { ok: false; error: unknown }> {
        const current = await table.get({ pk: 'COUNTER', sk: 'HEAD' });
        const old = current?.n as number;
        try {
          await table.transact([
            { put: { pk: 'COUNTER', sk: 'HEAD', n: old + 1 }, condition: { attribute: 'n', equals: old } },
            { put: { pk: 'COUNTER', sk: `EVT#${pad(old + 1)}`, by: old }, condition: { absent: true } },
          ]);
          return { ok: true, old };
        } catch (error) {
          return { ok: false, error };
        }
      }

      it('lets exactly one of 20 concurrent compare-and-sets win per value', async () => {
        // Prepare
        await putAll(table, [{ pk: 'COUNTER', sk: 'HEAD', n: 0 }]);

        // Act
        const results = await Promise.all(Array.from({ length: 20 }, () => increment()));

        // Assess
        const wins = results.flatMap((result) => (result.ok ? [result.old] : []));
        const losses = results.flatMap((result) => (result.ok ? [] : [result.error]));
        expect(wins.length).toBeGreaterThanOrEqual(1);
        expect([...wins].sort((a, b) => a - b)).toEqual(Array.from({ length: wins.length }, (_, i) => i));
        expect(losses.every((error) => error instanceof TransactionConflictError)).toBe(true);
        expect((await table.get({ pk: 'COUNTER', sk: 'HEAD' }))?.n).toBe(wins.length);
        expect((await table.query('COUNTER', { limit: 100, beginsWith: 'EVT#' })).items).toHaveLength(wins.length);
      });

      it('reaches exactly 20 when 20 concurrent writers retry until they win', async () => {
        // Prepare
        await putAll(table, [{ pk: 'COUNTER', sk: 'HEAD', n: 0 }]);

        // Act
        const wins = await Promise.all(
          Array.from({ length: 20 }, async () => {
            for (let attempt = 0; attempt < 200; attempt += 1) {
              const result = await increment();
              if (result.ok) return result.old;
              if (!(result.error instanceof TransactionConflictError)) throw result.error;
            }
            throw new Error('never won');
          }),
        );

        // Assess
        expect([...wins].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
        expect((await table.get({ pk: 'COUNTER', sk: 'HEAD' }))?.n).toBe(20);
        const events = await table.query('COUNTER', { limit: 100, beginsWith: 'EVT#' });
        expect(events.items.map((item) => item.by)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      });
    });
  });
}
