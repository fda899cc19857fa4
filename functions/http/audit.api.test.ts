import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromPem } from '../pki/certificates';
import { verifyCheckpoint } from '../services/checkpoint';
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

/** The timer's run writes its blob with real file I/O, which fake timers do not wait for. */
async function checkpointsStored(count: number): Promise<void> {
  while ((await h.table.query('CHECKPOINT', { limit: 10 })).items.length < count) await new Promise((resolve) => setImmediate(resolve));
}

describe('audit checkpoints (embedded timer)', () => {
  it('signs every chain head with the seal key on a timer, and the export ends with the checkpoints', async () => {
    // Prepare: fake timers before the app starts, so its timers are fake too.
    await h.dispose();
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      h = await startHarness({ EVIDENCE_CHECKPOINT_HOURS: '24' });
      const debt = await h.createDebt();
      // Act: the first checkpoint a minute after start, the next a day later.
      await vi.advanceTimersByTimeAsync(60_000);
      await checkpointsStored(1);
      await h.as('collector-1').post(`/v1/debts/${debt.id}/events`, { type: 'demand', date: '2026-11-01' });
      h.clock.set('2026-11-30T02:01:00.000Z');
      await vi.advanceTimersByTimeAsync(24 * 3_600_000);
      await checkpointsStored(2);
      const lines = (await (await h.as('auditor-1').get('/v1/audit/export')).text()).trim().split('\n').map((line) => JSON.parse(line));
      // Assess
      const checkpoints = lines.filter((line) => line.kind === 'checkpoint');
      expect(lines.slice(-2)).toEqual(checkpoints);
      const head = lines.find((line) => line.kind === 'head' && line.debtId === debt.id);
      expect(checkpoints.map((line) => line.checkpoint.heads)).toEqual([[{ debtId: debt.id, seq: 1, hash: expect.any(String) }], [{ debtId: debt.id, seq: 2, hash: head.hash }]]);
      const root = fromPem(await readFile(join(h.dataDir, 'seal', 'root-ca.pem'), 'utf8'));
      for (const line of checkpoints) expect(await verifyCheckpoint(line.checkpoint, root)).toEqual({ valid: true });
    } finally {
      vi.useRealTimers();
    }
  });
});
