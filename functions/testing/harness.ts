import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../embedded/config';
import { createEmbeddedApp } from '../embedded/embedded-app';
import type { Clock } from '../ports/clock';

/** A clock tests can set. */
export class TestClock implements Clock {
  constructor(private current: Date = new Date('2026-11-29T02:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string): void {
    this.current = new Date(instant);
  }
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * The embedded app on a fresh data folder in demo mode (unless `EVIDENCE_DEMO: '0'` is passed),
 * driven through `app.request()`, with a signed-in client per demo user.
 *
 * @example
 * const h = await startHarness();
 * const debt = await h.createDebt();
 * await h.as('legal-1').get(`/v1/debts/${debt.id}`);
 */
export async function startHarness(settings: Record<string, string> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'evidence-test-'));
  const clock = new TestClock();
  // No timed limitation scan or checkpoint and no extraction unless a test turns it on: they would add events
  // behind the tests' back.
  const config = readConfig({ EVIDENCE_DATA_DIR: dataDir, EVIDENCE_PUBLIC_URL: 'http://evidence.test', EVIDENCE_LIMITATION_SCAN_HOURS: '0', EVIDENCE_CHECKPOINT_HOURS: '0', EVIDENCE_EXTRACTION: 'off', EVIDENCE_DEMO: '1', ...settings });
  const embedded = await createEmbeddedApp(config, clock);
  const { app } = embedded;
  const sessions = new Map<string, { token: string; expiresAt: string }>();

  async function devLogin(userId: string): Promise<{ token: string; expiresAt: string }> {
    const response = await app.request('/v1/auth/dev-login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
    if (response.status !== 200) throw new Error(`dev login of ${userId} failed: ${response.status}`);
    return (await response.json()) as { token: string; expiresAt: string };
  }

  /** The user's session token; signs in again when tests have moved the clock past its expiry. */
  async function tokenOf(userId: string): Promise<string> {
    const session = sessions.get(userId);
    if (session && session.expiresAt > clock.now().toISOString()) return session.token;
    const fresh = await devLogin(userId);
    sessions.set(userId, fresh);
    return fresh.token;
  }

  /** A client acting as one demo user (one session per user, kept for the harness's life). */
  function as(userId: string) {
    return client(() => tokenOf(userId));
  }

  /** A client on a session of its own (for tests that end it). */
  async function newSession(userId: string) {
    const { token } = await devLogin(userId);
    return client(async () => token);
  }

  /** A client sending `Authorization: Bearer <token>`. */
  function client(token: () => Promise<string>) {
    const send = async (method: string, path: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) => {
      const headers: Record<string, string> = { authorization: `Bearer ${await token()}`, ...init.headers };
      if (init.json !== undefined) headers['content-type'] = 'application/json';
      return app.request(path, { method, headers, body: init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null) });
    };
    return {
      send,
      get: (path: string, headers?: Record<string, string>) => send('GET', path, headers ? { headers } : {}),
      post: (path: string, json?: unknown, headers?: Record<string, string>) => send('POST', path, { json: json ?? {}, ...(headers ? { headers } : {}) }),
      patch: (path: string, json: unknown, headers?: Record<string, string>) => send('PATCH', path, { json, ...(headers ? { headers } : {}) }),
      /** Multipart upload of one file with form fields. */
      upload: (debtId: string, file: { bytes: Uint8Array; filename: string; contentType?: string }, fields: Record<string, string>, headers?: Record<string, string>) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.set(name, value);
        form.set('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.contentType ?? 'application/pdf' }), file.filename);
        return send('POST', `/v1/debts/${debtId}/documents`, { body: form, ...(headers ? { headers } : {}) });
      },
    };
  }

  /** Creates a debt as finance-1 (collector-1 and sales-1 assigned unless overridden). */
  async function createDebt(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const response = await as('finance-1').post('/v1/debts', {
      debtor: { name: '福州某某建设工程有限公司', uscc: '91350100M000100Y43' },
      project: { name: '某某大厦', kind: 'real_estate' },
      contractNo: 'HT-2023-001',
      principal: '1234567.89',
      dueDate: '2024-06-30',
      assignees: { collector: 'collector-1', sales: 'sales-1' },
      ...overrides,
    });
    if (response.status !== 201) throw new Error(`create debt failed: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, any>>;
  }

  return {
    app,
    table: embedded.table,
    blobs: embedded.blobs,
    clock,
    dataDir,
    /** The first-admin link of a start without demo mode (undefined once an account exists). */
    firstAdminLink: embedded.firstAdminLink,
    extractionQueue: embedded.extractionQueue,
    as,
    newSession,
    client,
    createDebt,
    /** Waits until every packet asked for is built (or failed). */
    packetsIdle: embedded.packetsIdle,
    async dispose() {
      await embedded.packetsIdle();
      await embedded.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
