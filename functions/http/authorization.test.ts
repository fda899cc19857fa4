import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../core/roles';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf } from '../testing/pdfs';
import { policyKey, ROUTE_POLICIES } from './route-policies';

/**
 * Who may call what, written out again from DESIGN §4 and §5 rather than read from
 * ROUTE_POLICIES, so that a wrong rule there makes this test fail.
 */
const ALL: Role[] = [...ROLES];
const EXPECTED: Record<string, Role[] | 'public'> = {
  'GET /health': 'public',
  'GET /v1/openapi.json': 'public',
  'POST /v1/auth/dev-login': 'public',
  'GET /v1/auth/dev-users': 'public',
  'PUT /v1/blob-uploads/:uploadId': 'public',
  'GET /v1/auth/options': 'public',
  'GET /v1/auth/session': 'public',
  'POST /v1/auth/setup': 'public',
  'POST /v1/auth/login': 'public',
  'POST /v1/auth/logout': ALL,
  'GET /v1/me': ALL,
  'POST /v1/me/password': ALL,
  'POST /v1/me/totp': ALL,
  'POST /v1/me/totp/confirm': ALL,
  // Only admins manage accounts; the accounts chain is read like the export (auditor, admin).
  'GET /v1/users': ['admin'],
  'POST /v1/users': ['admin'],
  'PATCH /v1/users/:userId': ['admin'],
  'POST /v1/users/:userId/password-reset': ['admin'],
  'GET /v1/audit/accounts': ['auditor', 'admin'],
  'GET /v1/audit/accounts/verify': ['auditor', 'admin'],
  'POST /v1/debts': ['finance', 'admin'],
  'GET /v1/debts': ALL,
  'GET /v1/debts/:id': ALL,
  'PATCH /v1/debts/:id': ['finance', 'admin', 'legal'],
  'POST /v1/debts/:id/payments': ['finance', 'admin'],
  'POST /v1/debts/:id/events': ['collector', 'legal'],
  'POST /v1/debts/:id/documents': ['admin', 'finance', 'legal', 'collector', 'sales'],
  'GET /v1/debts/:id/documents': ALL,
  'GET /v1/debts/:id/documents/:docId': ALL,
  'GET /v1/debts/:id/documents/:docId/content': ALL,
  'POST /v1/debts/:id/documents/:docId/void': ['admin', 'finance', 'legal', 'collector', 'sales'],
  'POST /v1/debts/:id/uploads': ['admin', 'finance', 'legal', 'collector', 'sales'],
  'POST /v1/debts/:id/uploads/:uploadId/complete': ['admin', 'finance', 'legal', 'collector', 'sales'],
  'GET /v1/debts/:id/documents/:docId/extraction': ALL,
  'POST /v1/debts/:id/documents/:docId/extraction/review': ['legal', 'finance', 'admin'],
  'GET /v1/debts/:id/audit': ['legal', 'auditor', 'admin'],
  'GET /v1/debts/:id/audit/verify': ['legal', 'auditor', 'admin'],
  'GET /v1/audit/export': ['auditor', 'admin'],
  'GET /v1/dev/outbox': ['admin'],
  // Finance's reports; the other roles that see every debt may read them too.
  'GET /v1/reports/aging': ['finance', 'admin', 'legal', 'auditor'],
  'GET /v1/templates': ALL,
  'POST /v1/debts/:id/signing-requests': ['collector', 'legal'],
  'GET /v1/debts/:id/signing-requests/:rid': ALL,
  'POST /v1/debts/:id/signing-requests/:rid/seal': ['collector', 'legal'],
  'GET /v1/sign/:token': 'public',
  'GET /v1/sign/:token/document': 'public',
  'POST /v1/sign/:token/otp': 'public',
  'POST /v1/sign/:token': 'public',
  'POST /v1/verify': ALL,
  'GET /v1/debts/:id/limitation': ALL,
  'GET /v1/limitation/expiring': ['legal', 'finance', 'admin'],
  'GET /v1/debts/:id/ledger': ALL,
  'GET /v1/debts/:id/interest': ALL,
  'GET /v1/debts/:id/claim-sheet': ALL,
  'GET /v1/debts/:id/readiness': ALL,
  // Legal takes the file and assembles the packet; auditors (and admins) read packets (§4).
  'POST /v1/debts/:id/handoff': ['legal'],
  'POST /v1/debts/:id/packets': ['legal'],
  'GET /v1/debts/:id/packets': ['legal', 'auditor', 'admin'],
  'GET /v1/debts/:id/packets/:pid': ['legal', 'auditor', 'admin'],
  'GET /v1/debts/:id/packets/:pid/pdf': ['legal', 'auditor', 'admin'],
  'GET /v1/debts/:id/packets/:pid/zip': ['legal', 'auditor', 'admin'],
  // Debt-clearing management (the company's measures, Art. 6; work plan (3), (4)): finance and admin
  // manage; legal and auditors read; collectors read their own books and commissions.
  'GET /v1/units': ALL,
  'POST /v1/units': ['finance', 'admin'],
  'GET /v1/management/aging': ['finance', 'admin', 'legal', 'auditor'],
  'GET /v1/management/aging/details': ['finance', 'admin', 'legal', 'auditor'],
  'GET /v1/management/commission-rates': ['finance', 'admin', 'legal', 'auditor', 'collector'],
  'PUT /v1/management/commission-rates': ['finance', 'admin'],
  'GET /v1/management/commissions': ['finance', 'admin', 'legal', 'auditor', 'collector'],
  'GET /v1/responsibility-books': ['finance', 'admin', 'legal', 'auditor', 'collector'],
  'POST /v1/responsibility-books': ['finance', 'admin'],
  'GET /v1/responsibility-books/:bookId': ['finance', 'admin', 'legal', 'auditor', 'collector'],
  'POST /v1/responsibility-books/:bookId/signing-requests': ['legal'],
  'GET /v1/management/indicators/:year': ['finance', 'admin', 'legal', 'auditor'],
  'PUT /v1/management/indicators/:year/:unitId': ['finance', 'admin'],
  'GET /v1/management/monthly': ['finance', 'admin', 'legal', 'auditor'],
  'GET /v1/management/key-objects': ['finance', 'admin', 'legal', 'auditor'],
  'GET /v1/management/legal-queue': ['legal', 'finance', 'admin', 'auditor'],
};

const USER_OF: Record<Role, string> = { admin: 'admin-1', finance: 'finance-1', legal: 'legal-1', collector: 'collector-1', sales: 'sales-1', auditor: 'auditor-1' };
const UNKNOWN_UPLOAD = '01900000-0000-7000-8000-000000000001';

let h: Harness;
let debtId: string;
let docId: string;
beforeAll(async () => {
  h = await startHarness();
  debtId = (await h.createDebt()).id;
  docId = (await (await h.as('legal-1').upload(debtId, { bytes: await makePdf('letter'), filename: 'l.pdf' }, { type: 'correspondence' })).json()).id;
});
afterAll(async () => h.dispose());

/** A concrete request for a route; bodies are invalid on purpose, so an admitted call changes nothing. */
function requestFor(key: string): { method: string; path: string; body?: string } {
  const [method, pattern] = key.split(' ') as [string, string];
  const path = pattern.replace(':id', debtId).replace(':docId', docId).replace(':uploadId', UNKNOWN_UPLOAD).replace(':rid', UNKNOWN_UPLOAD).replace(':pid', UNKNOWN_UPLOAD).replace(':bookId', UNKNOWN_UPLOAD).replace(':year', '2026').replace(':unitId', 'FJ').replace(':userId', 'collector-2');
  return method === 'GET' ? { method, path } : { method, path, body: '{"invalid": true}' };
}

describe('route table', () => {
  it('gives every route of the app an explicit permission rule, and no rule lacks a route', () => {
    // Prepare
    const routes = h.app.routes.filter((route) => route.method !== 'ALL').map((route) => policyKey(route.method, route.path));
    // Assess
    const withoutRule = routes.filter((key) => !ROUTE_POLICIES[key]);
    expect(withoutRule).toEqual([]);
    expect(Object.keys(ROUTE_POLICIES).filter((key) => !routes.includes(key))).toEqual([]);
  });

  it('matches the rules of DESIGN §4', () => {
    const actual = Object.fromEntries(Object.entries(ROUTE_POLICIES).map(([key, policy]) => [key, policy.allow === 'public' ? 'public' : [...policy.allow].sort()]));
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([key, allow]) => [key, allow === 'public' ? 'public' : [...allow].sort()]));
    expect(actual).toEqual(expected);
  });
});

const PROTECTED = Object.entries(EXPECTED).filter((entry): entry is [string, Role[]] => entry[1] !== 'public');
const MATRIX = PROTECTED.flatMap(([key, allowed]) => ROLES.map((role) => [key, role, allowed.includes(role)] as const));

describe('authorization matrix: every route × role', () => {
  it.each(MATRIX)('%s as %s → allowed: %s', async (key, role, allowed) => {
    // Prepare
    const { method, path, body } = requestFor(key);
    const headBefore = (await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit`)).json()).head;
    // Signing out ends the session: it gets a session of its own.
    const client = key === 'POST /v1/auth/logout' ? await h.newSession(USER_OF[role]) : h.as(USER_OF[role]);
    // Act
    const response = await client.send(method, path, body ? { body, headers: { 'content-type': 'application/json' } } : {});
    // Assess
    if (allowed) expect([401, 403]).not.toContain(response.status);
    else expect(response.status).toBe(403);
    const headAfter = (await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit`)).json()).head;
    // Only a content read may add an event (the chain of custody), never a write.
    if (!key.endsWith('/content')) expect(headAfter).toEqual(headBefore);
  });

  it.each(PROTECTED.map(([key]) => key))('%s without a token → 401', async (key) => {
    const { method, path } = requestFor(key);
    expect((await h.app.request(path, { method })).status).toBe(401);
  });

  it.each(PROTECTED.filter(([key]) => key.includes(':id')).map(([key]) => key))('%s on a debt outside the scope → 404', async (key) => {
    // collector-2 is assigned nothing; the route answers as if the debt did not exist.
    const { method, path, body } = requestFor(key);
    const allowed = (EXPECTED[key] as Role[]).includes('collector');
    const response = await h.as('collector-2').send(method, path, body ? { body, headers: { 'content-type': 'application/json' } } : {});
    expect(response.status).toBe(allowed ? 404 : 403);
  });
});
