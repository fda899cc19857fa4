import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf } from '../testing/pdfs';

let h: Harness;
let debtId: string;
let document: { id: string; sha256: string };
beforeEach(async () => {
  h = await startHarness();
  debtId = (await h.createDebt()).id;
  document = await (await h.as('sales-1').upload(debtId, { bytes: await makePdf('contract'), filename: 'c.pdf' }, { type: 'contract' })).json();
  await h.as('collector-1').post(`/v1/debts/${debtId}/events`, { type: 'demand', date: '2026-11-01' });
});
afterEach(async () => h.dispose());

const verify = async () => (await h.as('auditor-1').get(`/v1/debts/${debtId}/audit/verify`)).json();

describe('audit trail', () => {
  it('verifies an untouched file: chain and every blob', async () => {
    expect(await verify()).toMatchObject({ valid: true, length: 3, blobs: { checked: 1, mismatched: [] } });
  });

  it('reports a blob changed on disk', async () => {
    // Prepare: overwrite the stored bytes behind the store's back.
    const path = join(h.dataDir, 'blobs', 'sha256', document.sha256.slice(0, 2), document.sha256.slice(2, 4), document.sha256);
    await chmod(path, 0o644);
    await writeFile(path, await makePdf('forged contract'));
    // Act
    const result = await verify();
    // Assess
    expect(result.valid).toBe(false);
    expect(result.blobs.mismatched).toEqual([{ documentId: document.id, sha256: document.sha256, actual: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(result.firstInvalidSeq).toBeUndefined();
  });

  it('reports an audit row changed in the database, at its sequence number', async () => {
    // Prepare: rewrite what event 2 says was uploaded.
    h.table.unsafeExec(`UPDATE items SET body = json_set(body, '$.details.filename', 'other.pdf') WHERE pk = ? AND sk = ?`, `DEBT#${debtId}`, 'EVT#000000000002');
    // Act
    const result = await verify();
    // Assess
    expect(result).toMatchObject({ valid: false, firstInvalidSeq: 2 });
  });

  it('reports a deleted event', async () => {
    h.table.unsafeExec('DELETE FROM items WHERE pk = ? AND sk = ?', `DEBT#${debtId}`, 'EVT#000000000003');
    expect(await verify()).toMatchObject({ valid: false, firstInvalidSeq: 3 });
  });

  it('exports every chain as JSON Lines with its head', async () => {
    // Prepare
    const other = (await h.createDebt()).id;
    // Act
    const response = await h.as('auditor-1').get('/v1/audit/export');
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
    const since = (await (await h.as('admin-1').get('/v1/audit/export?since=2100-01-01T00:00:00.000Z')).text()).trim().split('\n').map((line) => JSON.parse(line));
    // Assess
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(lines.filter((l) => l.kind === 'event' && l.debtId === debtId).map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(lines.filter((l) => l.kind === 'head').map((l) => [l.debtId, l.seq])).toEqual([[debtId, 3], [other, 1]]);
    expect(since.every((l) => l.kind === 'head')).toBe(true);
  });
});
